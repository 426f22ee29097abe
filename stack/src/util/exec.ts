import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Output goes here; on failure its tail is part of the error. */
  logFile?: string;
  input?: string;
}

export function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

export function tailOfFile(path: string, lines = 30): string {
  try {
    return tail(readFileSync(path, "utf8"), lines);
  } catch {
    return `(no log at ${path})`;
  }
}

/** Runs a command to completion; resolves with its stdout, rejects with the tail of its output. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let log = "";
    let stdout = "";
    if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });
    const file = options.logFile ? createWriteStream(options.logFile) : undefined;
    const collect = (toStdout: boolean) => (chunk: Buffer) => {
      const text = chunk.toString();
      if (toStdout) stdout += text;
      log = (log + text).slice(-64_000);
      file?.write(chunk);
    };
    child.stdout.on("data", collect(true));
    child.stderr.on("data", collect(false));
    // A command that exits without reading its input closes the pipe first: EPIPE here is not a failure
    // (and, unheard, it would crash the CLI).
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    child.on("error", (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on("close", (code, signal) => {
      file?.end();
      if (code === 0) return resolve(stdout);
      const where = options.logFile ? ` (full log: ${options.logFile})` : "";
      reject(new Error(`${command} exited with ${code ?? signal}${where}\n${tail(log)}`));
    });
  });
}
