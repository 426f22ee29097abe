import {
  cpuTreesByProcess,
  machineTicks,
  readProcTable,
  TICKS_PER_SECOND,
  treeTicks,
  type TreeReading,
} from "../native/process-cpu.js";

/** One reading of every CPU counter the bench compares; seconds of CPU used since each started. */
export interface CpuSnapshot {
  atMs: number;
  /** Busy CPU of the whole machine, summed over its cores. */
  machine: number;
  /** Each supervised process with all its descendants (PostgreSQL's backends under postgres). */
  processes: Record<string, TreeReading>;
  /** The supervisor's own time, without the processes it supervises. */
  supervisor: number;
  /** What this CLI spawned (k6 during a plateau, pgbench during an anchor), the CLI itself left out. */
  spawned: number;
}

/** CPU seconds used between two snapshots, by name. */
export interface CpuUsage {
  seconds: number;
  machine: number;
  byProcess: Record<string, number>;
  /** Processes whose pid changed between the snapshots: their delta means nothing, so it is left out. */
  restarted: string[];
}

export async function takeSnapshot(): Promise<CpuSnapshot> {
  const table = readProcTable();
  const processes = await cpuTreesByProcess(table);
  const supervisorPids = new Set(
    Object.values(processes)
      .map((reading) => table.get(reading.pid)?.ppid ?? 0)
      .filter((pid) => pid > 1),
  );
  const supervisor = [...supervisorPids].reduce((sum, pid) => sum + (table.get(pid)?.own ?? 0), 0);
  // Guards against a supervisor that ended up in the CLI's own tree: the stack is never "spawned".
  const spawned = treeTicks(table, process.pid, { withRootOwn: false, exclude: supervisorPids });
  return {
    atMs: Date.now(),
    machine: machineTicks().busy / TICKS_PER_SECOND,
    processes,
    supervisor: supervisor / TICKS_PER_SECOND,
    spawned: spawned / TICKS_PER_SECOND,
  };
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** The CPU each process used between the snapshots; `spawnedAs` names what the CLI ran meanwhile. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, spawnedAs?: string): CpuUsage {
  const byProcess: Record<string, number> = {};
  const restarted: string[] = [];
  for (const [name, reading] of Object.entries(after.processes)) {
    const earlier = before.processes[name];
    if (earlier && earlier.pid === reading.pid && earlier.start === reading.start) {
      byProcess[name] = round(Math.max(0, reading.seconds - earlier.seconds));
    } else restarted.push(name);
  }
  byProcess.supervisor = round(Math.max(0, after.supervisor - before.supervisor));
  if (spawnedAs) byProcess[spawnedAs] = round(Math.max(0, after.spawned - before.spawned));
  return {
    seconds: round((after.atMs - before.atMs) / 1000),
    machine: round(after.machine - before.machine),
    byProcess,
    restarted: restarted.sort(),
  };
}
