import { generatedNotice } from "../generate/notice.js";
import { PLAN_INPUTS, type PlanInputs } from "./plan-inputs.js";
import { planCapacity, type CapacityPlan } from "./plan.js";

/** The daily volumes docs/scale-out.md plans for: today's headline, then ten and a hundred times it. */
export const PLANNED_VOLUMES = [10e6, 100e6, 1e9];

const perDay = (ops: number) => (ops >= 1e9 ? `${ops / 1e9} B` : `${ops / 1e6} M`);
const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);

type Row = [label: string, cell: (plan: CapacityPlan) => string | number];
const row = (label: string, cell: Row[1]): Row => [label, cell];

/** One table, a column per plan: what each part of the platform needs at the day's peak. */
export function planTable(plans: CapacityPlan[]): string {
  const rows: Row[] = [
    ["mean / peak ops/s", (p) => `${p.meanOpsPerSecond} / ${p.peakOpsPerSecond}`],
    ["peak orders/s", (p) => p.peakOrdersPerSecond],
    ...plans[0]!.services.map((s, i) =>
      row(`${s.name}: cores / replicas`, (p) => `${p.services[i]!.cores} / ${p.services[i]!.replicas}`),
    ),
    ["Kafka records/s, MB/s", (p) => `${p.kafka.recordsPerSecond}, ${p.kafka.megabytesPerSecond}`],
    [
      "partitions per topic",
      (p) =>
        Object.entries(p.kafka.partitions)
          .map(([t, n]) => `${t} ${n}`)
          .join(", "),
    ],
    [
      "brokers (replication, CPU, disk, partitions)",
      (p) => `**${p.kafka.brokers}** (${Object.values(p.kafka.brokersFor).join(", ")})`,
    ],
    ["PostgreSQL cores, all databases", (p) => Number(sum(p.postgres.map((d) => d.cores)).toFixed(1))],
    ...plans[0]!.postgres.map((d, i) =>
      row(`${d.database} database: events/s / one connector's capacity → shards`, (p) => {
        const db = p.postgres[i]!;
        return `${db.eventsPerSecond} / ${db.connectorCapacity} → **${db.shards}**`;
      }),
    ),
    ["WAL MB/s at peak, GiB a day", (p) => `${p.wal.megabytesPerSecondAtPeak}, ${p.wal.gibibytesPerDay}`],
    [
      "ClickHouse cores → shards × replicas, GiB a day",
      (p) =>
        `${p.clickhouse.cores} → ${p.clickhouse.shards} × ${p.clickhouse.replicasPerShard}, ${p.clickhouse.gibibytesPerDay}`,
    ],
    [
      "spans/s in, kept; log records/s",
      (p) => {
        const t = p.telemetry;
        return `${t.spansPerSecond}, ${t.keptSpansPerSecond}; ${t.logLinesPerSecond}`;
      },
    ],
    ...(["collector", "tempo", "loki"] as const).map((name) =>
      row(
        `${name}${name === "collector" ? " (each tier)" : ""}: cores / replicas`,
        (p) => `${p.telemetry[name].cores} / ${p.telemetry[name].replicas}`,
      ),
    ),
    [
      "k6 iterations/s → cores → TestRun parallelism",
      (p) => `${p.k6.iterationsPerSecond} → ${p.k6.cores} → **${p.k6.parallelism}**`,
    ],
  ];
  const header = `| | ${plans.map((p) => `${perDay(p.opsPerDay)} ops/day`).join(" | ")} |`;
  const rule = `|---|${plans.map(() => "---|").join("")}`;
  return [header, rule, ...rows.map(([label, cell]) => `| ${label} | ${plans.map(cell).join(" | ")} |`)].join("\n");
}

/** The inputs and assumptions, as the plan used them. */
export function inputsList(inputs: PlanInputs): string {
  const a = inputs.assumptions;
  const costs = inputs.costs.map((c) => `${c.name} ${(c.microsPerOrder / 1000).toFixed(2)} ms`).join(", ");
  const records = Object.entries(inputs.recordsPerOrder)
    .map(([t, n]) => `${t} ${n}`)
    .join(", ");
  return [
    `- Measured: ${inputs.measured}.`,
    `- Marginal CPU per order: ${costs}. Toxiproxy and k6 are not part of the platform on Kubernetes (Chaos Mesh injects the faults; k6 is sized on its own).`,
    `- Per order: Kafka records ${records} and ${inputs.kafkaBytesPerOrder} bytes in; WAL ${inputs.walBytesPerOrder} bytes; ClickHouse ${inputs.clickhouseBytesPerEvent} bytes an event; ${inputs.spansPerOrder} spans and ${inputs.logLinesPerOrder} log records. Orders per operation: ${inputs.ordersPerOperation}.`,
    `- CPU per span: the Collector ${inputs.collectorMicrosPerSpan} µs, Tempo ${inputs.tempoMicrosPerSpan} µs; Loki ${inputs.lokiMicrosPerLine} µs a log record; k6 ${inputs.k6MicrosPerIteration} µs an iteration.`,
    `- Assumed: peak ${a.peakToMean}× the mean; cores sized to ${a.utilisation * 100}% at the peak; at least ${a.minReplicas} replicas; ${a.nodeCores}-core brokers, PostgreSQL primaries and ClickHouse nodes; replication factor ${a.replicationFactor}; ${a.brokerWriteMBps} MB/s of disk writes and ${a.partitionsPerBroker} partitions a broker; ${a.partitionHeadroom}× partitions per consumer replica; tail sampling keeps ${a.keptTraceShare * 100}% of traces; ${a.k6PodCores}-core k6 pods; telemetry replicas of ${a.telemetryPodCores} cores.`,
  ].join("\n");
}

/** docs/generated/capacity-plan.md: the plan at the planned volumes from the committed inputs. */
export function renderCapacityPlan(): [path: string, text: string][] {
  const plans = PLANNED_VOLUMES.map((ops) => planCapacity(ops, PLAN_INPUTS));
  const text = [
    `<!-- ${generatedNotice("stack/src/bench/plan-inputs.ts and stack/src/bench/plan.ts")} -->`,
    "",
    "# Capacity plan",
    "",
    "What each part of the platform needs at the day's peak, derived from measured costs. `docs/scale-out.md` explains the method; `firebreak bench plan --ops-per-day N [--report FILE]` prints the same for any volume, from your own `bench capacity` report.",
    "",
    planTable(plans),
    "",
    "## Inputs",
    "",
    inputsList(PLAN_INPUTS),
    "",
  ].join("\n");
  return [["docs/generated/capacity-plan.md", text]];
}
