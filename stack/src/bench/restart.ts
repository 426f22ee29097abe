import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../native/paths.js";

/** Stops the stack and starts the full profile again with extra environment (e.g. FIREBREAK_TRACING), as a user would. */
export function restartStack(env: Record<string, string>): void {
  const cli = join(REPO_ROOT, "stack", "bin", "firebreak.js");
  for (const args of [["down"], ["up", "--profile", "full", "--wait"]]) {
    const result = spawnSync(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (result.status !== 0) throw new Error(`firebreak ${args.join(" ")} exited ${result.status}`);
  }
}
