import { pollUntil } from "@firebreak/platform";
import { readdirSync, readFileSync } from "node:fs";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Processes whose command line contains every given fragment (read from /proc). */
export function findPids(...fragments: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (fragments.every((fragment) => cmdline.includes(fragment))) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** The processes still alive after `timeoutMs` (none, as soon as all have exited). */
export async function waitForExit(pids: number[], timeoutMs: number): Promise<number[]> {
  await pollUntil("the processes' exit", () => !pids.some(isAlive), { timeoutMs, intervalMs: 200 }).catch(() => {});
  return pids.filter(isAlive);
}
