import type { ClickHouseClient } from "@clickhouse/client";
import type { Kafka } from "kafkajs";
import { deadLetter, decodeEvent, type Logger, trackConsumerLag, SUBSCRIPTIONS } from "@firebreak/platform";
import { recordLandings } from "./landings.js";
import { LateEvents, startFreshnessSweep } from "./freshness-deadline.js";
import { insertEvents, type EventRow } from "./events-store.js";
import { InsertBuffer, type Delivery } from "./insert-buffer.js";

export const ANALYTICS_TOPICS = SUBSCRIPTIONS.analytics;

/** A fetch returns once it has this much or FETCH_WAIT_MS has passed: under a backlog, large fetches at once. */
const FETCH_MIN_BYTES = 256 * 1024;
// The buffer batches across partitions, so the broker's wait only adds lag: 100 ms of the 1 s goal. It
// is also how often an idle sink asks: 20 fetches a second at 50 ms cost the broker more than they saved.
const FETCH_WAIT_MS = 100;
// ClickHouse writes a part per insert and per materialized view (three here), and merges each small
// part again and again while the table is small: parts, not rows, were its cost (at 250 ms it was the
// busiest process of the stack at 90 ops/s). Two inserts a second halve that, and FETCH_WAIT_MS + at
// most 500 ms + the insert stays under the 1 s goal.
const INSERT_INTERVAL_MS = 500;
/** At least the topics' partitions (3 × 3): kafkajs then hands a fetch's batches over in one go, to one insert. */
const PARTITIONS_CONSUMED_CONCURRENTLY = 32;
export const DEFAULT_MAX_ROWS = 5_000;

export interface SinkOptions {
  kafka: Kafka;
  clickhouse: ClickHouseClient;
  logger: Logger;
  groupId?: string;
  topics?: string[];
  /** Rows that start an insert at once (BATCH_MAX_EVENTS); as many more waiting hold the consumer back. */
  maxRows?: number;
  onInserted?: (rows: EventRow[]) => void;
}

/**
 * Kafka → ClickHouse through an InsertBuffer. Offsets are committed only after their rows are in
 * ClickHouse, so a crash replays them; the replayed rows share their event ids and collapse when
 * read. While ClickHouse is down the sink backs off and retries the same insert, then catches up.
 * An event that cannot be decoded, or whose row ClickHouse rejects, goes to `<group>.dlq` with the
 * reason, and the events around it land.
 */
export async function startSink(options: SinkOptions) {
  const { kafka, clickhouse, logger } = options;
  const groupId = options.groupId ?? "analytics";
  const dlqTopic = `${groupId}.dlq`;
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId, minBytes: FETCH_MIN_BYTES, maxWaitTimeInMs: FETCH_WAIT_MS });
  const late = new LateEvents();
  const buffer = new InsertBuffer({
    insert: (rows) => insertEvents(clickhouse, rows),
    deadLetter: ({ event, message }, reason) => deadLetter(producer, dlqTopic, event.topic, message, reason),
    commit: (positions) => consumer.commitOffsets(positions),
    logger,
    intervalMs: INSERT_INTERVAL_MS,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    onInserting: (batch) => late.inserting(batch),
    onFlushed: (flush) => {
      recordLandings(flush, groupId);
      late.landed(flush.deliveries, flush.startedMs);
      options.onInserted?.(flush.rows);
    },
  });
  await producer.connect();
  await consumer.connect();
  const topics = options.topics ?? ANALYTICS_TOPICS;
  const lag = trackConsumerLag(kafka, groupId, topics, logger);
  const sweep = startFreshnessSweep(kafka, groupId, topics, late, logger);
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    // kafkajs resolves each batch when it returns, which only moves the fetch on; the buffer commits.
    autoCommit: false,
    partitionsConsumedConcurrently: PARTITIONS_CONSUMED_CONCURRENTLY,
    eachBatch: async ({ batch, heartbeat }) => {
      const deliveries: Delivery[] = [];
      for (const message of batch.messages) {
        try {
          deliveries.push({ event: decodeEvent(batch.topic, message), partition: batch.partition, message });
        } catch (error) {
          await deadLetter(producer, dlqTopic, batch.topic, message, (error as Error).message);
        }
      }
      const next = (BigInt(batch.lastOffset()) + 1n).toString();
      await buffer.add(deliveries, { topic: batch.topic, partition: batch.partition, offset: next }, heartbeat);
    },
  });
  return {
    dlqTopic,
    async stop() {
      await buffer.stop();
      await sweep.stop();
      await lag.stop();
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
