import { firebreak, firebreakOrThrow } from "./helpers.js";

/** One native stack for the whole run: tests that stop it bring it back before they finish. */
export function setup(): void {
  firebreakOrThrow("up", "--profile", "full", "--wait");
}

export function teardown(): void {
  firebreak("down");
}
