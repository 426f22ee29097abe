import type { CpuUsage } from "./cpu-window.js";

/** One line of the cost table: a process (or the machine) at idle, under load, and per order above idle. */
export interface CostRow {
  name: string;
  idleCores: number;
  loadCores: number;
  /** (CPU under load − idle rate × duration) / orders placed, in CPU-µs; null without orders. */
  microsPerOrder: number | null;
}

/** Machine-wide busy CPU minus every process counted by name: the kernel's softirqs, and anything else running. */
export const UNATTRIBUTED = "unattributed";
export const MACHINE = "machine";

const cores = (seconds: number, duration: number) => (duration > 0 ? Number((seconds / duration).toFixed(3)) : 0);

/** Marginal CPU per order: what the load added on top of the idle rate of the same process. */
export function marginalMicros(
  loadSeconds: number,
  loadDuration: number,
  idleSeconds: number,
  idleDuration: number,
  orders: number,
): number | null {
  if (orders <= 0 || loadDuration <= 0) return null;
  const idleRate = idleDuration > 0 ? idleSeconds / idleDuration : 0;
  return Math.round(((loadSeconds - idleRate * loadDuration) / orders) * 1e6);
}

/**
 * The cost table of one plateau against the idle window of the same stack start. A process missing
 * from the idle window (k6, spawned for the plateau) has no idle cost; one restarted during either
 * window is left out. Rows come busiest per order first, then the machine and what no process explains.
 */
export function costTable(idle: CpuUsage, load: CpuUsage, orders: number): CostRow[] {
  const row = (name: string, loadSeconds: number, idleSeconds: number): CostRow => ({
    name,
    idleCores: cores(idleSeconds, idle.seconds),
    loadCores: cores(loadSeconds, load.seconds),
    microsPerOrder: marginalMicros(loadSeconds, load.seconds, idleSeconds, idle.seconds, orders),
  });
  const names = Object.keys(load.byProcess).filter((name) => !idle.restarted.includes(name));
  const rows = names.map((name) => row(name, load.byProcess[name]!, idle.byProcess[name] ?? 0));
  rows.sort((a, b) => (b.microsPerOrder ?? b.loadCores) - (a.microsPerOrder ?? a.loadCores));
  const sum = (usage: CpuUsage) => names.reduce((total, name) => total + (usage.byProcess[name] ?? 0), 0);
  return [
    ...rows,
    row(MACHINE, load.machine, idle.machine),
    row(UNATTRIBUTED, Math.max(0, load.machine - sum(load)), Math.max(0, idle.machine - sum(idle))),
  ];
}
