/**
 * What the capacity plan starts from: figures measured on the native stack (each says how), and the
 * assumptions a team sizing its own cluster would revisit (each says why). `firebreak bench plan
 * --report FILE` replaces the measured CPU with a capacity report's own.
 */

/** Where a component's CPU goes when the platform runs on many machines. */
export type Role =
  | "service"
  | "postgres"
  | "kafka"
  | "connect"
  | "clickhouse"
  /** The load generator: sized as k6 parallelism, not as part of the platform. */
  | "load"
  /** Toxiproxy: on every link of the chaos-ready native stack; on Kubernetes, Chaos Mesh injects faults instead. */
  | "fault-proxy";

export interface ComponentCost {
  /** The process name as `bench capacity` reports it. */
  name: string;
  role: Role;
  /** Marginal CPU per order placed, in µs (all the operations of the mix counted against the orders). */
  microsPerOrder: number;
}

export interface PlanInputs {
  /** How the CPU figures were measured: date, machine, command. */
  measured: string;
  costs: ComponentCost[];
  /** Orders per operation of the average mix: half the iterations place an order (loadtests/scripts/orders.ts). */
  ordersPerOperation: number;
  /** k6's own CPU per iteration, in µs. */
  k6MicrosPerIteration: number;
  /** Kafka records per order, per topic, on the happy path and the mix's share of rejections. */
  recordsPerOrder: Record<string, number>;
  /** Bytes the broker takes in from its clients per order, every topic counted, before replication. */
  kafkaBytesPerOrder: number;
  /** PostgreSQL WAL written per order, over the three databases, in bytes. */
  walBytesPerOrder: number;
  /** ClickHouse storage per event, compressed, in bytes. */
  clickhouseBytesPerEvent: number;
  /** Spans per order with every trace recorded (the traffic mix's reads included), as tail sampling needs them. */
  spansPerOrder: number;
  /** Log records per order that reach Loki. */
  logLinesPerOrder: number;
  /** The Collector's CPU over the spans it received, in µs (the log records it forwards counted in). */
  collectorMicrosPerSpan: number;
  /** Tempo's CPU per span it stores, in µs. */
  tempoMicrosPerSpan: number;
  /** Loki's CPU per log record it stores, in µs. */
  lokiMicrosPerLine: number;
  assumptions: Assumptions;
}

export interface Assumptions {
  /** The day's peak over its mean: the peak profile's diurnal curve (loadtests/lib/profiles.ts) peaks at 1.8×. */
  peakToMean: number;
  /** The share of a core a component is sized to use at the peak: headroom for a failed replica's load and a rebalance. */
  utilisation: number;
  /** Every Deployment runs at least this many replicas, so that a node's loss or a rollout never empties one. */
  minReplicas: number;
  /** Cores of one Kafka broker, ClickHouse node or PostgreSQL primary as sized here. */
  nodeCores: number;
  /** Replication factor of every topic; min.insync.replicas is one less. */
  replicationFactor: number;
  /** Disk writes one broker sustains, in MB/s (a general-purpose SSD volume's baseline is about 125 MB/s). */
  brokerWriteMBps: number;
  /** Partitions (leaders and followers) one broker carries comfortably under KRaft. */
  partitionsPerBroker: number;
  /** Partitions per consumer replica: partitions cannot shrink and adding them moves keys, so leave room to double. */
  partitionHeadroom: number;
  /** Share of traces the tail-sampling tier keeps (errors and slow traces always; the rest sampled). */
  keptTraceShare: number;
  /** Cores one k6 pod is given in a TestRun. */
  k6PodCores: number;
  /** Cores of one Collector, Tempo or Loki replica. */
  telemetryPodCores: number;
}

export const PLAN_INPUTS: PlanInputs = {
  measured:
    "2026-12-06, 2 cores, the default native stack (tracing at its defaults, Toxiproxy on every link): " +
    "`firebreak bench capacity --rates 175 --duration 3m --rounds 2`, the baseline's clean round at 175 ops/s",
  costs: [
    { name: "postgres", role: "postgres", microsPerOrder: 2600 },
    { name: "orders", role: "service", microsPerOrder: 2000 },
    { name: "gateway", role: "service", microsPerOrder: 1600 },
    { name: "payments", role: "service", microsPerOrder: 1100 },
    { name: "inventory", role: "service", microsPerOrder: 1100 },
    { name: "analytics", role: "service", microsPerOrder: 450 },
    { name: "payment-provider", role: "service", microsPerOrder: 500 },
    { name: "connect", role: "connect", microsPerOrder: 600 },
    { name: "kafka", role: "kafka", microsPerOrder: 450 },
    { name: "clickhouse", role: "clickhouse", microsPerOrder: 500 },
    { name: "toxiproxy", role: "fault-proxy", microsPerOrder: 1700 },
    { name: "k6", role: "load", microsPerOrder: 1750 },
  ],
  ordersPerOperation: 0.5,
  k6MicrosPerIteration: 1000,
  // Measured on 2026-12-06 on the same machine with every trace recorded, as tail sampling needs:
  // `FIREBREAK_TRACE_SAMPLE_RATIO=1 npx firebreak up --wait`, then `npx tsx stack/scripts/plan-inputs.ts 120`
  // (6,690 orders in 2 minutes of the average load, CPU above a 30 s idle window).
  recordsPerOrder: { "firebreak.order": 1, "firebreak.inventory": 1.1, "firebreak.payment": 1 },
  kafkaBytesPerOrder: 1767,
  walBytesPerOrder: 7163,
  clickhouseBytesPerEvent: 118.4,
  spansPerOrder: 26.08,
  logLinesPerOrder: 1.01,
  collectorMicrosPerSpan: 9,
  tempoMicrosPerSpan: 98,
  lokiMicrosPerLine: 93,
  assumptions: {
    peakToMean: 1.8,
    utilisation: 0.6,
    minReplicas: 2,
    nodeCores: 16,
    replicationFactor: 3,
    brokerWriteMBps: 100,
    partitionsPerBroker: 4000,
    partitionHeadroom: 2,
    keptTraceShare: 0.1,
    k6PodCores: 1,
    telemetryPodCores: 4,
  },
};
