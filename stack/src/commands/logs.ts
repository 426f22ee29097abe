import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMPONENTS } from "../native/manifest.js";
import { stackPaths } from "../native/paths.js";
import { PROCESSES_OF, SERVICE_PROCESSES } from "../native/supervisor.js";
import { tail } from "../util/exec.js";
import { UsageError } from "../util/usage.js";

const LOGGABLE = () => [...Object.values(PROCESSES_OF).flat(), ...SERVICE_PROCESSES, "process-compose"];

export function parseLines(value: string | undefined): number {
  if (value === undefined) return 100;
  const lines = Number(value);
  if (!Number.isInteger(lines) || lines <= 0)
    throw new UsageError(`--lines must be a positive whole number, got '${value}'`);
  return lines;
}

/** A component name shows all of its processes' logs; a process name shows just that one. */
export function logFilesFor(name: string | undefined): string[] {
  if (!name) throw new UsageError(`logs needs a component: one of ${COMPONENTS.map((c) => c.name).join(", ")}`);
  const processes = PROCESSES_OF[name] ?? (LOGGABLE().includes(name) ? [name] : undefined);
  if (!processes) {
    throw new UsageError(
      `unknown component '${name}': expected one of ${[...new Set([...Object.keys(PROCESSES_OF), ...LOGGABLE()])].join(", ")}`,
    );
  }
  return processes.map((process) => join(stackPaths().logs, `${process}.log`));
}

/** firebreak logs <component> [--lines N] [--follow]. */
export async function logs(name: string | undefined, linesOption: string | undefined, follow = false): Promise<number> {
  const lines = parseLines(linesOption);
  if (follow) return followLogs(logFilesFor(name), lines);
  for (const file of logFilesFor(name)) {
    process.stdout.write(`==> ${file} <==\n`);
    process.stdout.write(existsSync(file) ? `${tail(readFileSync(file, "utf8"), lines)}\n` : "(no log yet)\n");
  }
  return 0;
}

/**
 * tail -F: each file's last lines under a header (-v, even for one file), as the non-following mode
 * prints them; it keeps going across the truncation `firebreak up` does to a log, and waits for a log
 * not written yet. Ctrl-C or a SIGTERM ends tail and this with it.
 */
function followLogs(files: string[], lines: number): Promise<number> {
  // Listening before tail starts: tail writes to the terminal itself, so its first lines can show
  // (and a Ctrl-C come) before this process has run another statement on a busy machine.
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort()).once("SIGTERM", () => stop.abort());
  const child = spawn("tail", ["-v", "-n", String(lines), "-F", ...files], {
    stdio: ["ignore", "inherit", "inherit"],
    signal: stop.signal,
    killSignal: "SIGTERM",
  });
  return new Promise((resolve) => {
    child.on("error", (error) => {
      if (stop.signal.aborted) return;
      process.stderr.write(`firebreak: cannot follow the logs with tail: ${error.message}\n`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(signal ? 0 : (code ?? 0)));
  });
}
