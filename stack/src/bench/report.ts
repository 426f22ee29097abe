import type { AnchorResult } from "./pgbench.js";
import type { PlateauResult } from "./plateau.js";
import { MACHINE, UNATTRIBUTED, type CostRow } from "./marginal.js";
import { isRun, type CapacityReport, type ConfigRun, type SkippedPlateau } from "./types.js";

const dash = (value: number | null | undefined, suffix = "") =>
  value === null || value === undefined ? "-" : `${value}${suffix}`;
const table = (header: string[], rows: string[][]) => [
  `| ${header.join(" | ")} |`,
  `|${header.map(() => "---").join("|")}|`,
  ...rows.map((row) => `| ${row.join(" | ")} |`),
];
const micros = (costs: CostRow[], name: string) => costs.find((row) => row.name === name)?.microsPerOrder ?? null;

function summary(configs: ConfigRun[]): string[] {
  const cell = (f: (c: ConfigRun) => string) => configs.map(f);
  const perDay = (c: ConfigRun) =>
    c.sustainedOpsPerSecond === null ? "-" : `${((c.sustainedOpsPerSecond * 86_400) / 1e6).toFixed(1)} M`;
  return table(
    ["", ...configs.map((c) => c.label)],
    [
      ["Sustained rate (ops/s)", ...cell((c) => dash(c.sustainedOpsPerSecond))],
      ["Ops/day at that rate", ...cell(perDay)],
      ["Orders/s placed in its window", ...cell((c) => dash(c.sustainedOrdersPerSecond))],
      ["÷ saga pgbench", ...cell((c) => dash(c.ratio.saga))],
      ["÷ placement pgbench", ...cell((c) => dash(c.ratio.placement))],
      ["Idle busy cores (machine)", ...cell((c) => String((c.idle.machine / c.idle.seconds).toFixed(2)))],
      ["Orders still pending when idle began", ...cell((c) => String(c.backlogBeforeIdle.left))],
    ],
  );
}

function plateauCell(p: PlateauResult | SkippedPlateau | undefined): string {
  if (!p) return "-";
  if (!isRun(p)) return `skipped: ${p.skipped}`;
  const verdict = p.verdict.ok ? "**holds**" : `fails: ${p.verdict.reasons.join("; ")}`;
  const stock = p.orders.outOfStock > 0 ? `; ${p.orders.outOfStock} out of stock` : "";
  return (
    `${p.orders.perSecond} orders/s; p99 ${dash(p.p99.placementMs, " ms")} / ${dash(p.p99.sagaSeconds, " s")} / ` +
    `${dash(p.p99.freshnessSeconds, " s")}; machine ${dash(micros(p.costs, MACHINE))} µs/order${stock}; ${verdict}`
  );
}

function plateaus(report: CapacityReport): string[] {
  return table(
    ["Ops/s asked", ...report.configs.map((c) => c.label)],
    report.options.rates.map((rate) => [
      String(rate),
      ...report.configs.map((c) => plateauCell(c.plateaus.find((p) => p.rate === rate))),
    ]),
  );
}

/** Marginal CPU-µs per order by process, one column per stack start, at one rate. */
function costs(report: CapacityReport, rate: number): string[] {
  const runs = report.configs.map((c) => c.plateaus.find((p): p is PlateauResult => p.rate === rate && isRun(p)));
  if (runs.every((run) => !run)) return [];
  const names = [...new Set(runs.flatMap((run) => run?.costs.map((row) => row.name) ?? []))].filter(
    (name) => name !== MACHINE && name !== UNATTRIBUTED,
  );
  const rows = [...names, UNATTRIBUTED, MACHINE].map((name) => [
    name === MACHINE ? "**machine**" : name,
    ...runs.flatMap((run) => {
      const row = run?.costs.find((r) => r.name === name);
      return [dash(row?.microsPerOrder), row ? `${row.idleCores} → ${row.loadCores}` : "-"];
    }),
  ]);
  const header = ["Process", ...report.configs.flatMap((c) => [`${c.label} µs/order`, `${c.label} cores idle → load`])];
  return [`### ${rate} ops/s: marginal CPU per order`, "", ...table(header, rows), ""];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const percent = (ratio: number) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)}%`;

/**
 * Machine CPU per order of the baseline against the variant's in the same round, at each rate: a
 * ratio of two runs minutes apart is steadier than either figure, and the median of the rounds'
 * ratios steadier still.
 */
export function pairedRatios(report: CapacityReport): string[] {
  const machineMicros = (config: ConfigRun | undefined, rate: number) => {
    const run = config?.plateaus.find((p): p is PlateauResult => p.rate === rate && isRun(p));
    return run ? micros(run.costs, MACHINE) : null;
  };
  const rounds = [...new Set(report.configs.map((c) => c.round))];
  const lines: string[] = [];
  for (const rate of report.options.rates) {
    const rows = rounds.flatMap((round) => {
      const base = machineMicros(
        report.configs.find((c) => c.round === round && !c.variant),
        rate,
      );
      const other = machineMicros(
        report.configs.find((c) => c.round === round && c.variant),
        rate,
      );
      return base && other ? [{ round, base, other, ratio: base / other }] : [];
    });
    if (rows.length === 0) continue;
    const cells = rows.map((r) => [String(r.round), String(r.base), String(r.other), percent(r.ratio)]);
    lines.push(
      `### ${rate} ops/s`,
      "",
      ...table(["Round", "baseline µs/order", "variant µs/order", "baseline over variant"], cells),
      "",
      `Median over ${rows.length} round(s): **${percent(median(rows.map((r) => r.ratio)))}**.`,
      "",
    );
  }
  return lines.length === 0 ? [] : ["## Baseline against the variant, round by round", "", ...lines];
}

function anchors(list: AnchorResult[]): string[] {
  return table(
    ["Anchor", "tps", "Latency avg", "PostgreSQL µs/tx", "pgbench µs/tx", "Machine µs/tx"],
    list.map((a) => [
      a.anchor === "saga" ? "saga (all SQL of one order)" : "placement transaction",
      a.transactionsPerSecond.toFixed(0),
      `${a.latencyAverageMs} ms`,
      dash(micros(a.costs, "postgres")),
      dash(micros(a.costs, "pgbench")),
      dash(micros(a.costs, MACHINE)),
    ]),
  );
}

export function capacityMarkdown(report: CapacityReport): string {
  const { options, machine } = report;
  return [
    `# Capacity, measured ${report.measuredAt}`,
    "",
    `${machine.cores} cores (${machine.model}), ${machine.memoryGiB} GiB. Plateaus of ${options.plateauSeconds} s ` +
      `(ramp included) of the average mix at constant rates, stock reset before each; idle measured for ` +
      `${options.idleSeconds} s after each stack start; pgbench anchors ${options.pgbenchSeconds} s each. ` +
      `A plateau holds when every SLO holds over its own window and k6 dropped nothing.`,
    "",
    ...summary(report.configs),
    "",
    "## Plateaus",
    "",
    "Each cell: orders/s placed; p99 of placement / saga completion / commit→ClickHouse; machine CPU per order.",
    "",
    ...plateaus(report),
    "",
    "## Where the CPU goes",
    "",
    "CPU-µs per order above each process's idle rate (descendants included: PostgreSQL's backends are " +
      "under postgres; k6 is what the bench spawned). Machine-wide busy CPU counts every process on the " +
      `machine; ${UNATTRIBUTED} is what no process of the stack explains (the kernel's softirqs, anything else running).`,
    "",
    ...options.rates.flatMap((rate) => costs(report, rate)),
    ...pairedRatios(report),
    "## Anchors: pgbench against the stack's PostgreSQL",
    "",
    `${report.anchors[0]?.clients ?? "-"} clients, prepared statements, in orders_bench (no connector reads it). ` +
      "CPU per transaction above the idle rate; one saga transaction is all the SQL of one order.",
    "",
    ...anchors(report.anchors),
    "",
  ].join("\n");
}
