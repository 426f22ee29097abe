import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAN_INPUTS, type PlanInputs } from "../src/bench/plan-inputs.js";
import { inputsFromReport, parseOpsPerDay } from "../src/bench/plan-options.js";
import { planCapacity } from "../src/bench/plan.js";

/** Round figures, so that every number below can be checked by hand. */
const INPUTS: PlanInputs = {
  ...PLAN_INPUTS,
  costs: [
    { name: "postgres", role: "postgres", microsPerOrder: 3000 },
    { name: "orders", role: "service", microsPerOrder: 2000 },
    { name: "inventory", role: "service", microsPerOrder: 1000 },
    { name: "payments", role: "service", microsPerOrder: 1000 },
    { name: "analytics", role: "service", microsPerOrder: 500 },
    { name: "connect", role: "connect", microsPerOrder: 600 },
    { name: "kafka", role: "kafka", microsPerOrder: 500 },
    { name: "clickhouse", role: "clickhouse", microsPerOrder: 500 },
  ],
  ordersPerOperation: 0.5,
  k6MicrosPerIteration: 1000,
  recordsPerOrder: { "firebreak.order": 2, "firebreak.inventory": 2, "firebreak.payment": 2 },
  kafkaBytesPerOrder: 6000,
  walBytesPerOrder: 10_000,
  clickhouseBytesPerEvent: 100,
  spansPerOrder: 40,
  logLinesPerOrder: 10,
  collectorMicrosPerSpan: 10,
  tempoMicrosPerSpan: 20,
  lokiMicrosPerLine: 30,
  assumptions: { ...PLAN_INPUTS.assumptions, peakToMean: 2, utilisation: 0.5, nodeCores: 16, telemetryPodCores: 4 },
};

describe("the capacity plan", () => {
  // 864 M ops a day: 10,000 ops/s on average, 20,000 at the peak, 10,000 orders/s.
  const plan = planCapacity(864e6, INPUTS);

  it("When a volume is planned, then the peak's orders size each service at the planned utilisation", () => {
    expect([plan.meanOpsPerSecond, plan.peakOpsPerSecond, plan.peakOrdersPerSecond]).toEqual([10_000, 20_000, 10_000]);
    // orders: 10,000/s × 2 ms = 20 cores busy, 40 at half a core each.
    expect(plan.services.map((s) => [s.name, s.cores, s.replicas])).toEqual([
      ["orders", 40, 40],
      ["inventory", 20, 20],
      ["payments", 20, 20],
      ["analytics", 10, 10],
    ]);
  });

  it("When topics are sized, then each gets twice the replicas of its busiest reader, and the brokers the largest of their limits", () => {
    // firebreak.order is read by inventory (20) and analytics (10); firebreak.inventory by orders (40).
    expect(plan.kafka.partitions).toEqual({
      "firebreak.order": 40,
      "firebreak.inventory": 80,
      "firebreak.payment": 80,
    });
    expect(plan.kafka.recordsPerSecond).toBe(60_000);
    expect(plan.kafka.megabytesPerSecond).toBe(60);
    // CPU: 10 cores / 16; disk: 60 MB/s × 3 / 100; partitions: 200 × 3 / 4000.
    expect(plan.kafka.brokersFor).toEqual({ replication: 3, cpu: 1, disk: 2, partitions: 1 });
    expect(plan.kafka.brokers).toBe(3);
  });

  it("When a database's outbox outgrows one connector task, then it is split into shards", () => {
    // Connect: 600 µs / 6 records = 100 µs a record, so one task carries 5,000 records/s at 50%.
    expect(plan.postgres).toEqual([
      { database: "orders", cores: 20, eventsPerSecond: 20_000, connectorCapacity: 5000, shards: 4 },
      { database: "inventory", cores: 20, eventsPerSecond: 20_000, connectorCapacity: 5000, shards: 4 },
      { database: "payments", cores: 20, eventsPerSecond: 20_000, connectorCapacity: 5000, shards: 4 },
    ]);
    // 432 M orders a day × 10 kB.
    expect(plan.wal).toEqual({ megabytesPerSecondAtPeak: 100, gibibytesPerDay: 4023.3 });
  });

  it("When ClickHouse, telemetry and k6 are sized, then each follows its own unit of work", () => {
    expect(plan.clickhouse).toEqual({ cores: 10, shards: 1, replicasPerShard: 2, gibibytesPerDay: 241.4 });
    expect(plan.telemetry.spansPerSecond).toBe(400_000);
    expect(plan.telemetry.keptSpansPerSecond).toBe(40_000);
    // 400,000 spans/s × 10 µs = 4 cores, 8 at 50%, on 4-core replicas.
    expect(plan.telemetry.collector).toEqual({ name: "collector", cores: 8, replicas: 2 });
    expect(plan.telemetry.tempo).toEqual({ name: "tempo", cores: 1.6, replicas: 2 });
    expect(plan.telemetry.loki).toEqual({ name: "loki", cores: 6, replicas: 2 });
    expect(plan.k6).toEqual({ iterationsPerSecond: 20_000, cores: 40, parallelism: 40 });
  });

  it("When the volume is small, then every Deployment still keeps its minimum replicas", () => {
    const small = planCapacity(1e6, INPUTS);
    expect(small.services.every((s) => s.replicas === INPUTS.assumptions.minReplicas)).toBe(true);
    expect(small.kafka.brokers).toBe(3);
  });
});

describe("bench plan's options", () => {
  it("When a volume is written with a suffix or in full, then it is read as operations a day", () => {
    expect([parseOpsPerDay("100M"), parseOpsPerDay("1B"), parseOpsPerDay("2.5m"), parseOpsPerDay("25000000")]).toEqual([
      100e6, 1e9, 2.5e6, 25e6,
    ]);
    expect(parseOpsPerDay(undefined)).toBe(100e6);
  });

  it("When the volume is not a number, then the error names the value", () => {
    for (const bad of ["ten", "-5", "0", "1T", ""]) {
      expect(() => parseOpsPerDay(bad)).toThrow(`--ops-per-day '${bad}'`);
    }
  });

  it("When a capacity report is given, then its baseline's highest plateau that held supplies the CPU per order", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-"));
    const plateau = (rate: number, ok: boolean, postgres: number) => ({
      rate,
      verdict: { ok, reasons: [] },
      costs: [{ name: "postgres", idleCores: 0, loadCores: 1, microsPerOrder: postgres }],
    });
    const report = {
      measuredAt: "2026-12-06T03:15:00Z",
      machine: { cores: 2, model: "x", memoryGiB: 8 },
      configs: [
        { variant: false, plateaus: [plateau(120, true, 2500), plateau(175, true, 2700), plateau(240, false, 9999)] },
        { variant: true, plateaus: [plateau(300, true, 1)] },
      ],
    };
    writeFileSync(join(dir, "report.json"), JSON.stringify(report));
    const inputs = inputsFromReport(join(dir, "report.json"));
    expect(inputs.costs.find((c) => c.name === "postgres")?.microsPerOrder).toBe(2700);
    expect(inputs.costs.find((c) => c.name === "orders")).toEqual(PLAN_INPUTS.costs.find((c) => c.name === "orders"));
    expect(inputs.measured).toContain("175 ops/s");
    writeFileSync(join(dir, "bad.json"), "{");
    expect(() => inputsFromReport(join(dir, "bad.json"))).toThrow("--report");
  });
});
