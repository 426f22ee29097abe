import { spawn } from "node:child_process";
import { join } from "node:path";
import { goBinary } from "../native/env.js";
import { stackPaths } from "../native/paths.js";
import { isSupervisorRunning } from "../native/supervisor.js";
import { UsageError } from "../util/usage.js";

/** firebreak attach: process-compose's terminal UI on the running stack; leaving it leaves the stack running. */
export async function attach(): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(
      "attach opens a terminal UI and needs a terminal: use 'firebreak status' or 'firebreak logs' instead",
    );
  }
  if (!(await isSupervisorRunning())) {
    process.stderr.write("firebreak: the stack is not running (firebreak up starts it)\n");
    return 1;
  }
  const paths = stackPaths();
  const child = spawn(
    goBinary("process-compose", "process-compose"),
    [
      "attach",
      "--use-uds",
      "--unix-socket",
      paths.socket,
      "--log-file",
      join(paths.logs, "process-compose-attach.log"),
    ],
    { stdio: "inherit" },
  );
  return new Promise((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(
        `firebreak: cannot start process-compose's UI: ${error.message} (firebreak install provisions it)\n`,
      );
      resolve(1);
    });
    child.on("exit", (code) => resolve(code ?? 0));
  });
}
