import type { Admin, Kafka } from "kafkajs";
import type { Logger } from "pino";
import { LABELS, METRICS } from "./metric-names.js";
import { gauge } from "./metrics.js";

const { consumerGroup, destination, partition } = LABELS;

const consumerLag = gauge(
  METRICS.consumerLag,
  "Messages between the partition's high watermark and the consumer group's committed offset, as of the last refresh (every few seconds).",
  [consumerGroup, destination, partition],
);

/** Often enough for a 5 s scrape to see a backlog build; two small admin requests per topic. */
export const LAG_REFRESH_MS = 5_000;
/** A refresh that outlives this is abandoned: while Kafka is down the gauge keeps its last values. */
const REFRESH_DEADLINE_MS = 3_000;

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** The group's committed-offset lag, the definition Kafka's own tools use; no commit yet counts from the log start. */
export async function measureLag(admin: Admin, groupId: string, topics: string[]): Promise<PartitionLag[]> {
  const lags: PartitionLag[] = [];
  // A topic appears with its first event (payments' may be minutes after start); until then it has no lag.
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((topic) => existing.has(topic));
  if (present.length === 0) return lags;
  const committed = await admin.fetchOffsets({ groupId, topics: present });
  for (const { topic, partitions } of committed) {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
    for (const { partition: id, offset } of partitions) {
      const end = ends.get(id);
      if (!end) continue;
      const position = Number(offset) < 0 ? Number(end.low) : Number(offset);
      lags.push({ topic, partition: id, lag: Math.max(0, Number(end.high) - position) });
    }
  }
  return lags;
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`lag refresh took over ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface LagTracker {
  stop(): Promise<void>;
}

/**
 * Keeps firebreak_consumer_lag_messages current from the broker's view rather than from the end of
 * each fetched batch: a batch of thousands of events takes minutes to handle, and its own lag
 * (watermark at fetch time minus its last offset) reads 0 the whole while.
 */
export function trackConsumerLag(kafka: Kafka, groupId: string, topics: string[], logger: Logger): LagTracker {
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  let inFlight: Promise<unknown> | undefined;
  const refresh = async () => {
    if (inFlight) return;
    connected ??= admin.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    const work = connected.then(() => measureLag(admin, groupId, topics));
    // An abandoned refresh still blocks the next one until it settles, so requests never pile up.
    inFlight = work.catch(() => undefined).finally(() => (inFlight = undefined));
    try {
      for (const { topic, partition: id, lag } of await withDeadline(work, REFRESH_DEADLINE_MS)) {
        consumerLag.set({ [consumerGroup]: groupId, [destination]: topic, [partition]: String(id) }, lag);
      }
    } catch (error) {
      logger.debug({ groupId, err: error }, "consumer lag not refreshed");
    }
  };
  const timer = setInterval(() => void refresh(), LAG_REFRESH_MS).unref();
  void refresh();
  return {
    async stop() {
      clearInterval(timer);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
