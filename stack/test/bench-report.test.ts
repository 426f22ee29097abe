import { describe, expect, it } from "vitest";
import type { CpuUsage } from "../src/bench/cpu-window.js";
import { costTable } from "../src/bench/marginal.js";
import type { AnchorResult } from "../src/bench/pgbench.js";
import type { PlateauResult } from "../src/bench/plateau.js";
import { columnOrder } from "../src/bench/capacity.js";
import { capacityMarkdown, pairedRatios } from "../src/bench/report.js";
import type { CapacityReport, ConfigRun } from "../src/bench/types.js";

const idle: CpuUsage = {
  seconds: 30,
  machine: 9,
  byProcess: { postgres: 0.3, kafka: 1.5, orders: 0.3 },
  restarted: [],
};

function plateau(rate: number, ok: boolean, postgres: number, machine = 120): PlateauResult {
  const cpu: CpuUsage = {
    seconds: 100,
    machine,
    byProcess: { postgres, kafka: 8, orders: 20, k6: 6 },
    restarted: [],
  };
  const placed = rate * 50;
  return {
    rate,
    testId: `capacity-${rate}-x`,
    window: { start: "2026-12-04T10:00:00.000Z", end: "2026-12-04T10:01:40.000Z", seconds: 100 },
    orders: {
      placed,
      confirmed: placed * 0.9,
      cancelled: placed * 0.1,
      outOfStock: 0,
      pending: 3,
      perSecond: rate / 2,
    },
    k6: { exitCode: 0, iterations: rate * 100, droppedIterations: ok ? 0 : 40, httpFailedRate: 0 },
    slis: [],
    p99: { placementMs: ok ? 180 : 900, sagaSeconds: 1.2, freshnessSeconds: 0.8 },
    verdict: ok ? { ok, reasons: [] } : { ok, reasons: ["k6 dropped 40 iterations"] },
    cpu,
    costs: costTable(idle, cpu, placed),
    drain: { seconds: 2, left: 0 },
  };
}

function config(
  label: string,
  plateaus: ConfigRun["plateaus"],
  sustained: number | null,
  { round = 1, variant = label !== "baseline" } = {},
): ConfigRun {
  return {
    label,
    round,
    variant,
    env: {},
    backlogBeforeIdle: { seconds: 0, left: 0 },
    idle,
    rssMiBByProcess: {},
    plateaus,
    sustainedOpsPerSecond: sustained,
    sustainedOrdersPerSecond: sustained && sustained / 2,
    ratio: { saga: sustained && sustained / 2 / 300, placement: sustained && sustained / 2 / 1500 },
  };
}

const anchor = (name: "placement" | "saga", tps: number): AnchorResult => {
  const cpu: CpuUsage = { seconds: 30, machine: 55, byProcess: { postgres: 40, pgbench: 6 }, restarted: [] };
  return {
    anchor: name,
    clients: 8,
    seconds: 30,
    transactions: tps * 30,
    transactionsPerSecond: tps,
    latencyAverageMs: 5.3,
    cpu,
    costs: costTable(idle, cpu, tps * 30),
  };
};

const report: CapacityReport = {
  measuredAt: "2026-12-04T10:00:00.000Z",
  machine: { cores: 2, model: "Test CPU", memoryGiB: 24 },
  options: { rates: [60, 120], plateauSeconds: 120, idleSeconds: 60, pgbenchSeconds: 30, rounds: 1 },
  anchors: [anchor("placement", 1500), anchor("saga", 300)],
  configs: [
    config("baseline", [plateau(60, true, 40), plateau(120, false, 70)], 60),
    config("FIREBREAK_TRACING=off", [plateau(60, true, 30), plateau(120, true, 50)], 120),
  ],
};

describe("The capacity report in markdown", () => {
  const markdown = capacityMarkdown(report);

  it("When a baseline and a variant ran, then the summary has one column each with sustained rate and ratios", () => {
    expect(markdown).toContain("|  | baseline | FIREBREAK_TRACING=off |");
    expect(markdown).toContain("| Sustained rate (ops/s) | 60 | 120 |");
    expect(markdown).toContain("| Ops/day at that rate | 5.2 M | 10.4 M |");
    expect(markdown).toContain("| ÷ saga pgbench | 0.1 | 0.2 |");
  });

  it("When a plateau fails, then its cell says why, next to the variant's that held", () => {
    const row = markdown.split("\n").find((line) => line.startsWith("| 120 |"))!;
    expect(row).toContain("fails: k6 dropped 40 iterations");
    expect(row).toContain("p99 900 ms / 1.2 s / 0.8 s");
    expect(row).toContain("**holds**");
  });

  it("When costs are tabled, then each process has its marginal µs per order for both columns", () => {
    // Baseline at 60 ops/s: postgres (40 − 0.01·100) s / 3,000 orders = 13,000 µs.
    expect(markdown).toContain("### 60 ops/s: marginal CPU per order");
    expect(markdown).toMatch(/\| postgres \| 13000 \| 0\.01 → 0\.4 \| 9667 \| 0\.01 → 0\.3 \|/);
    expect(markdown).toMatch(/\| k6 \| 2000 \| 0 → 0\.06 \|/);
  });

  it("When the anchors ran, then each has its tps and PostgreSQL's CPU per transaction", () => {
    expect(markdown).toMatch(/\| saga \(all SQL of one order\) \| 300 \| 5\.3 ms \| 4411 \| 667 \|/);
    expect(markdown).toContain("| placement transaction | 1500 |");
  });
});

describe("Rounds of baseline and variant", () => {
  it("When three rounds run, then the columns alternate ABBA… from the baseline, and without a variant only the baseline repeats", () => {
    const order = columnOrder(3, true).map(({ round, variant }) => `${round}${variant ? "B" : "A"}`);
    expect(order).toEqual(["1A", "1B", "2B", "2A", "3A", "3B"]);
    expect(columnOrder(2, false)).toEqual([
      { round: 1, variant: false },
      { round: 2, variant: false },
    ]);
  });

  it("When two rounds ran, then each round's baseline is set against its own variant, and the median of the ratios is given", () => {
    // Idle 0.3 cores; 3,000 orders a plateau: (machine − 30) s of CPU / 3,000 orders.
    const rounds: CapacityReport = {
      ...report,
      options: { ...report.options, rates: [60], rounds: 2 },
      configs: [
        config("baseline #1", [plateau(60, true, 40, 120)], 60, { round: 1, variant: false }),
        config("off #1", [plateau(60, true, 40, 105)], 60, { round: 1, variant: true }),
        config("off #2", [plateau(60, true, 40, 100)], 60, { round: 2, variant: true }),
        config("baseline #2", [plateau(60, true, 40, 125)], 60, { round: 2, variant: false }),
      ],
    };
    const lines = pairedRatios(rounds).join("\n");
    expect(lines).toContain("| 1 | 30000 | 25000 | +20.0% |");
    expect(lines).toContain("| 2 | 31667 | 23333 | +35.7% |");
    expect(lines).toContain("Median over 2 round(s): **+27.9%**");
  });

  it("When no variant ran, then there is no pairing to report", () => {
    expect(pairedRatios({ ...report, configs: [report.configs[0]!] })).toEqual([]);
  });
});
