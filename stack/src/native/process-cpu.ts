import { readdirSync, readFileSync } from "node:fs";
import { listProcesses } from "./supervisor.js";

/** Linux reports CPU time in clock ticks; 100 per second on every platform Firebreak runs on. */
export const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat that CPU accounting needs; times in clock ticks. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** user + system time of the process itself. */
  own: number;
  /** user + system time of its children that exited and that it waited for (cutime + cstime). */
  reaped: number;
  /** Start time since boot: a pid with another start time is another process. */
  start: number;
}

/** Parses one /proc/<pid>/stat line; the command name may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  // Fields after the name start at "state" (field 3): ppid is 4, utime..cstime 14-17, starttime 22.
  const fields = text.slice(close + 2).split(" ");
  const field = (n: number) => Number(fields[n - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: field(4),
    own: field(14) + field(15),
    reaped: field(16) + field(17),
    start: field(22),
  };
}

/** Every process this user can read, by pid. */
export function readProcTable(procDir = "/proc"): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const entry of readdirSync(procDir)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      table.set(Number(entry), parseProcStat(readFileSync(`${procDir}/${entry}/stat`, "utf8")));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return table;
}

/** The pids of a process and all its live descendants, leaving out the subtrees rooted at `exclude`. */
export function descendantsOf(table: Map<number, ProcStat>, root: number, exclude = new Set<number>()): number[] {
  const children = new Map<number, number[]>();
  for (const stat of table.values()) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const found: number[] = [];
  const pending = table.has(root) ? [root] : [];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (exclude.has(pid)) continue;
    found.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * CPU ticks of a whole process tree: every live member's own time plus what each has reaped from
 * exited children. A child's time moves into its parent's `reaped` when it is waited for, so the
 * sum stays continuous as PostgreSQL backends or k6 come and go. `withRootOwn: false` counts only
 * what the root spawned (the CLI's k6 or pgbench, not the CLI itself); `exclude` cuts subtrees off.
 */
export function treeTicks(
  table: Map<number, ProcStat>,
  root: number,
  options: { withRootOwn?: boolean; exclude?: Set<number> } = {},
): number {
  return descendantsOf(table, root, options.exclude).reduce((sum, pid) => {
    const stat = table.get(pid)!;
    return sum + stat.reaped + (pid !== root || options.withRootOwn !== false ? stat.own : 0);
  }, 0);
}

/** Machine-wide CPU from the first line of /proc/stat, in ticks summed over every core. */
export function parseMachineStat(text: string): { busy: number; total: number } {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) throw new Error("no cpu line in /proc/stat");
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq;
  return { busy, total: busy + idle + iowait + steal };
}

export function machineTicks(): { busy: number; total: number } {
  return parseMachineStat(readFileSync("/proc/stat", "utf8"));
}

export interface TreeReading {
  pid: number;
  start: number;
  seconds: number;
}

/** CPU seconds each running supervised process has used so far, its descendants included. */
export async function cpuTreesByProcess(table = readProcTable()): Promise<Record<string, TreeReading>> {
  const readings: Record<string, TreeReading> = {};
  for (const state of await listProcesses()) {
    const stat = table.get(state.pid);
    if (!state.is_running || state.pid <= 0 || !stat) continue;
    readings[state.name] = {
      pid: state.pid,
      start: stat.start,
      seconds: treeTicks(table, state.pid) / TICKS_PER_SECOND,
    };
  }
  return readings;
}

/** CPU seconds (user + system) each running process of the stack has used so far, descendants included. */
export async function cpuSecondsByProcess(): Promise<Record<string, number>> {
  const trees = await cpuTreesByProcess();
  return Object.fromEntries(Object.entries(trees).map(([name, reading]) => [name, reading.seconds]));
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
