import { SUBSCRIPTIONS, topicOf } from "@firebreak/platform";
import type { ComponentCost, PlanInputs } from "./plan-inputs.js";

const SECONDS_PER_DAY = 86_400;
/** Each database-owning service's outbox lands on one topic, through one Debezium connector. */
export const OUTBOX_TOPICS = {
  orders: topicOf("order"),
  inventory: topicOf("inventory"),
  payments: topicOf("payment"),
};

export interface Sized {
  name: string;
  /** Cores at the day's peak, at the planned utilisation. */
  cores: number;
  replicas: number;
}

export interface CapacityPlan {
  opsPerDay: number;
  meanOpsPerSecond: number;
  peakOpsPerSecond: number;
  peakOrdersPerSecond: number;
  services: Sized[];
  kafka: {
    recordsPerSecond: number;
    megabytesPerSecond: number;
    partitions: Record<string, number>;
    brokers: number;
    /** What each limit alone asks for; the largest decides. */
    brokersFor: { replication: number; cpu: number; disk: number; partitions: number };
  };
  /** Per database: its outbox's events a second against one connector task's capacity, and the shards that makes. */
  postgres: {
    database: string;
    cores: number;
    eventsPerSecond: number;
    connectorCapacity: number;
    shards: number;
  }[];
  wal: { megabytesPerSecondAtPeak: number; gibibytesPerDay: number };
  clickhouse: { cores: number; shards: number; replicasPerShard: number; gibibytesPerDay: number };
  telemetry: {
    spansPerSecond: number;
    keptSpansPerSecond: number;
    logLinesPerSecond: number;
    collector: Sized;
    tempo: Sized;
    loki: Sized;
  };
  k6: { iterationsPerSecond: number; cores: number; parallelism: number };
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function costOf(inputs: PlanInputs, name: string): ComponentCost {
  const cost = inputs.costs.find((c) => c.name === name);
  if (!cost) throw new Error(`the plan's inputs have no cost for '${name}'`);
  return cost;
}

/** Sizes every part of the platform for `opsPerDay` operations of the average mix, from `inputs`. */
export function planCapacity(opsPerDay: number, inputs: PlanInputs): CapacityPlan {
  const a = inputs.assumptions;
  const meanOps = opsPerDay / SECONDS_PER_DAY;
  const peakOps = meanOps * a.peakToMean;
  const peakOrders = peakOps * inputs.ordersPerOperation;
  const coresFor = (micros: number, perSecond = peakOrders) => (perSecond * micros) / 1e6 / a.utilisation;
  // A Node service runs on one core: its replicas are its cores, rounded up.
  const services = inputs.costs
    .filter((c) => c.role === "service")
    .map((c) => sized(c.name, coresFor(c.microsPerOrder), 1, a.minReplicas));
  const replicasOf = (name: string) => services.find((s) => s.name === name)?.replicas ?? a.minReplicas;

  const recordsPerOrder = Object.values(inputs.recordsPerOrder).reduce((sum, n) => sum + n, 0);
  const recordsPerSecond = peakOrders * recordsPerOrder;
  const megabytesPerSecond = (peakOrders * inputs.kafkaBytesPerOrder) / 1e6;
  const partitions: Record<string, number> = {};
  for (const topic of Object.keys(inputs.recordsPerOrder)) {
    const readers = Object.entries(SUBSCRIPTIONS).filter(([, topics]) => topics.includes(topic));
    partitions[topic] = Math.max(...readers.map(([group]) => replicasOf(group)), 1) * a.partitionHeadroom;
  }
  const totalPartitions = Object.values(partitions).reduce((sum, n) => sum + n, 0);
  const brokersFor = {
    replication: a.replicationFactor,
    cpu: Math.ceil(coresFor(costOf(inputs, "kafka").microsPerOrder) / a.nodeCores),
    disk: Math.ceil((megabytesPerSecond * a.replicationFactor) / a.brokerWriteMBps),
    partitions: Math.ceil((totalPartitions * a.replicationFactor) / a.partitionsPerBroker),
  };

  // The bench measures PostgreSQL as one process tree: its CPU is split over the databases in
  // proportion to the events each writes, and Connect's likewise over its connectors.
  const postgresMicros = costOf(inputs, "postgres").microsPerOrder;
  const connectMicrosPerRecord = costOf(inputs, "connect").microsPerOrder / recordsPerOrder;
  // Debezium's PostgreSQL connector runs one task: one core's worth of events, at the planned utilisation.
  const connectorCapacity = (a.utilisation * 1e6) / connectMicrosPerRecord;
  const postgres = Object.entries(OUTBOX_TOPICS).map(([database, topic]) => {
    const share = (inputs.recordsPerOrder[topic] ?? 0) / recordsPerOrder;
    const cores = coresFor(postgresMicros * share);
    const eventsPerSecond = peakOrders * (inputs.recordsPerOrder[topic] ?? 0);
    const shards = Math.max(1, Math.ceil(cores / a.nodeCores), Math.ceil(eventsPerSecond / connectorCapacity));
    return {
      database,
      cores: round(cores),
      eventsPerSecond: round(eventsPerSecond, 0),
      connectorCapacity: round(connectorCapacity, 0),
      shards,
    };
  });

  const clickhouseCores = coresFor(costOf(inputs, "clickhouse").microsPerOrder);
  const ordersPerDay = opsPerDay * inputs.ordersPerOperation;
  const spansPerSecond = peakOrders * inputs.spansPerOrder;
  const keptSpansPerSecond = spansPerSecond * a.keptTraceShare;
  const logLinesPerSecond = peakOrders * inputs.logLinesPerOrder;
  const k6Cores = (peakOps * inputs.k6MicrosPerIteration) / 1e6 / a.utilisation;
  return {
    opsPerDay,
    meanOpsPerSecond: round(meanOps),
    peakOpsPerSecond: round(peakOps),
    peakOrdersPerSecond: round(peakOrders),
    services,
    kafka: {
      recordsPerSecond: round(recordsPerSecond, 0),
      megabytesPerSecond: round(megabytesPerSecond, 2),
      partitions,
      brokers: Math.max(...Object.values(brokersFor)),
      brokersFor,
    },
    postgres,
    wal: {
      megabytesPerSecondAtPeak: round((peakOrders * inputs.walBytesPerOrder) / 1e6, 2),
      gibibytesPerDay: round((ordersPerDay * inputs.walBytesPerOrder) / 2 ** 30),
    },
    clickhouse: {
      cores: round(clickhouseCores),
      shards: Math.max(1, Math.ceil(clickhouseCores / a.nodeCores)),
      replicasPerShard: 2,
      gibibytesPerDay: round((ordersPerDay * recordsPerOrder * inputs.clickhouseBytesPerEvent) / 2 ** 30),
    },
    telemetry: {
      spansPerSecond: round(spansPerSecond, 0),
      keptSpansPerSecond: round(keptSpansPerSecond, 0),
      logLinesPerSecond: round(logLinesPerSecond, 0),
      collector: sized(
        "collector",
        coresFor(inputs.collectorMicrosPerSpan, spansPerSecond),
        a.telemetryPodCores,
        a.minReplicas,
      ),
      tempo: sized(
        "tempo",
        coresFor(inputs.tempoMicrosPerSpan, keptSpansPerSecond),
        a.telemetryPodCores,
        a.minReplicas,
      ),
      loki: sized("loki", coresFor(inputs.lokiMicrosPerLine, logLinesPerSecond), a.telemetryPodCores, a.minReplicas),
    },
    k6: {
      iterationsPerSecond: round(peakOps, 0),
      cores: round(k6Cores),
      parallelism: Math.max(1, Math.ceil(k6Cores / a.k6PodCores)),
    },
  };
}

function sized(name: string, cores: number, coresPerReplica: number, minReplicas: number): Sized {
  return { name, cores: round(cores), replicas: Math.max(minReplicas, Math.ceil(cores / coresPerReplica)) };
}
