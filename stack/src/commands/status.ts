import { collectStatus, formatTable } from "../native/status.js";

/** firebreak status [--json]. */
export async function status(json: boolean): Promise<number> {
  const { running, components } = await collectStatus();
  if (json) {
    process.stdout.write(JSON.stringify({ supervisor: running ? "running" : "stopped", components }, null, 2) + "\n");
  } else {
    if (!running) process.stdout.write("The stack is not running (firebreak up starts it).\n");
    process.stdout.write(formatTable(components));
  }
  return 0;
}
