import { firebreak, firebreakOrThrow } from "./helpers.js";

/** One native stack for the whole run: tests that stop it bring it back before they finish. */
export function setup(): void {
  firebreakOrThrow("up", "--profile", "full", "--wait");
}

/** FIREBREAK_KEEP_STACK=1 leaves the stack running after the tests, for the next edit-and-rerun. */
export function teardown(): void {
  if (process.env.FIREBREAK_KEEP_STACK !== "1") firebreak("down");
}
