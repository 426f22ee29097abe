import { describe, expect, it } from "vitest";
import { cpuBetween, type CpuSnapshot, type CpuUsage } from "../src/bench/cpu-window.js";
import { costTable, MACHINE, marginalMicros, UNATTRIBUTED } from "../src/bench/marginal.js";

const snapshot = (atMs: number, machine: number, processes: Record<string, [number, number]>, spawned = 0) =>
  ({
    atMs,
    machine,
    supervisor: atMs / 100_000,
    spawned,
    processes: Object.fromEntries(
      Object.entries(processes).map(([name, [pid, seconds]]) => [name, { pid, start: pid * 7, seconds }]),
    ),
  }) satisfies CpuSnapshot;

const usage = (seconds: number, machine: number, byProcess: Record<string, number>, restarted: string[] = []) =>
  ({ seconds, machine, byProcess, restarted }) satisfies CpuUsage;

describe("CPU between two snapshots", () => {
  it("When a process kept its pid, then its delta counts; when it was restarted, then it is named and left out", () => {
    const before = snapshot(1_000, 50, { postgres: [10, 20], orders: [11, 5] }, 3);
    const after = snapshot(61_000, 140, { postgres: [10, 50], orders: [99, 1], gateway: [12, 4] }, 10);
    const cpu = cpuBetween(before, after, "k6");
    expect(cpu.seconds).toBe(60);
    expect(cpu.machine).toBe(90);
    expect(cpu.byProcess).toEqual({ postgres: 30, supervisor: 0.6, k6: 7 });
    expect(cpu.restarted).toEqual(["gateway", "orders"]);
  });

  it("When nothing was spawned by name, then no spawned row appears", () => {
    const cpu = cpuBetween(snapshot(0, 0, { redis: [5, 1] }, 4), snapshot(10_000, 3, { redis: [5, 1.5] }, 9));
    expect(Object.keys(cpu.byProcess).sort()).toEqual(["redis", "supervisor"]);
  });
});

describe("Marginal CPU per order", () => {
  it("When a process idles at 0.1 core and works 0.6 core for 100 s over 5,000 orders, then it costs 10,000 µs/order", () => {
    expect(marginalMicros(60, 100, 3, 30, 5_000)).toBe(10_000);
  });

  it("When no order was placed, then the marginal cost is unknown rather than infinite", () => {
    expect(marginalMicros(60, 100, 3, 30, 0)).toBeNull();
  });

  it("When idle was cheaper than load, then the table has the machine and the unattributed rest last", () => {
    const idle = usage(50, 25, { postgres: 5, kafka: 10, orders: 2 });
    const load = usage(100, 150, { postgres: 60, kafka: 22, orders: 30, k6: 8 });
    const rows = costTable(idle, load, 10_000);
    expect(rows.map((r) => r.name)).toEqual(["postgres", "orders", "k6", "kafka", MACHINE, UNATTRIBUTED]);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.postgres).toEqual({ name: "postgres", idleCores: 0.1, loadCores: 0.6, microsPerOrder: 5_000 });
    expect(byName.k6!.microsPerOrder).toBe(800);
    expect(byName.kafka!.microsPerOrder).toBe(200);
    expect(byName[MACHINE]!.microsPerOrder).toBe(10_000);
    // Machine 150 − counted 120 under load; 25 − 17 at idle: (30 − 8/50·100) / 10,000.
    expect(byName[UNATTRIBUTED]!.microsPerOrder).toBe(1_400);
  });

  it("When a process restarted during the idle window, then its plateau row is left out", () => {
    const idle = usage(50, 25, { postgres: 5 }, ["orders"]);
    const load = usage(100, 150, { postgres: 60, orders: 30 });
    expect(costTable(idle, load, 100).map((r) => r.name)).not.toContain("orders");
  });
});
