import { readFileSync } from "node:fs";
import { listProcesses } from "./supervisor.js";

/** Linux reports CPU time in clock ticks; 100 per second on every platform Firebreak runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) each running process of the stack has used so far. */
export async function cpuSecondsByProcess(): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  for (const state of await listProcesses()) {
    if (!state.is_running || state.pid <= 0) continue;
    try {
      // Fields after the command name (which may contain spaces) start at "state"; utime and stime are 14 and 15.
      const stat = readFileSync(`/proc/${state.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      seconds[state.name] = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return seconds;
}

/** Share of one core each process used between two readings taken `elapsedSeconds` apart, busiest first. */
export function cpuShare(
  before: Record<string, number>,
  after: Record<string, number>,
  elapsedSeconds: number,
): Record<string, number> {
  const shares = Object.entries(after).map(
    ([name, total]) => [name, Math.round(((total - (before[name] ?? 0)) / elapsedSeconds) * 100) / 100] as const,
  );
  return Object.fromEntries(shares.filter(([, share]) => share > 0).sort((a, b) => b[1] - a[1]));
}
