import type { ClickHouseClient } from "@clickhouse/client";
import type { Kafka } from "kafkajs";
import {
  backoffMs,
  deadLetter,
  decodeEvent,
  sleep,
  FRESHNESS_BUCKETS,
  histogram,
  METRICS,
  type Logger,
  type ReceivedEvent,
  trackConsumerLag,
  eventsConsumed,
  observeWithExemplar,
  traceIdOf,
  LABELS,
} from "@firebreak/platform";
import { recordLandings } from "./landing-spans.js";
import { insertEvents, toRow, type EventRow } from "./events-store.js";

export const ANALYTICS_TOPICS = ["firebreak.order", "firebreak.inventory", "firebreak.payment"];

const freshness = histogram(
  METRICS.cdcFreshness,
  "Seconds from an event's commit in PostgreSQL to its insert into ClickHouse.",
  FRESHNESS_BUCKETS,
);

const FETCH_MIN_BYTES = 256 * 1024;
const FETCH_WAIT_MS = 1_000;

export interface SinkOptions {
  kafka: Kafka;
  clickhouse: ClickHouseClient;
  logger: Logger;
  groupId?: string;
  topics?: string[];
  onInserted?: (rows: EventRow[]) => void;
}

/**
 * Kafka → ClickHouse in batches. Offsets are committed only after the batch is in ClickHouse, so a
 * crash replays it; the replayed rows share their event ids and collapse when read. While ClickHouse
 * is down the sink backs off and retries the same batch, then catches up.
 */
export async function startSink(options: SinkOptions) {
  const { kafka, clickhouse, logger } = options;
  const groupId = options.groupId ?? "analytics";
  const dlqTopic = `${groupId}.dlq`;
  const producer = kafka.producer();
  // The broker holds each fetch until it has FETCH_MIN_BYTES or FETCH_WAIT_MS has passed: fewer, larger
  // inserts. ClickHouse writes a part per insert (and per materialized view), so one event per insert
  // kept a core busy merging at a few orders a second; a second's wait is small beside the 10 s SLO.
  const consumer = kafka.consumer({ groupId, minBytes: FETCH_MIN_BYTES, maxWaitTimeInMs: FETCH_WAIT_MS });
  let stopping = false;
  await producer.connect();
  await consumer.connect();
  const topics = options.topics ?? ANALYTICS_TOPICS;
  const lag = trackConsumerLag(kafka, groupId, topics, logger);
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      const rows: EventRow[] = [];
      const events: ReceivedEvent[] = [];
      const now = Date.now();
      for (const message of batch.messages) {
        try {
          const event = decodeEvent(batch.topic, message);
          rows.push(toRow(event, Number(message.timestamp), now));
          events.push(event);
        } catch (error) {
          await deadLetter(producer, dlqTopic, batch.topic, message, (error as Error).message);
        }
      }
      let insertStartedMs: number;
      for (let attempt = 1; ; attempt++) {
        if (stopping) throw new Error("analytics sink is stopping; the batch is replayed after restart");
        try {
          insertStartedMs = Date.now();
          await insertEvents(clickhouse, rows);
          break;
        } catch (error) {
          logger.warn({ err: error, attempt, rows: rows.length }, "ClickHouse insert failed; backing off");
          await heartbeat();
          await sleep(backoffMs(attempt + 1, 200));
        }
      }
      recordLandings(events, insertStartedMs, Date.now());
      for (const [i, row] of rows.entries()) {
        const seconds = (row.ingested_ms - row.occurred_ms) / 1000;
        observeWithExemplar(freshness, {}, seconds, traceIdOf(events[i]!.traceparent));
        eventsConsumed.inc({
          [LABELS.consumerGroup]: groupId,
          [LABELS.destination]: batch.topic,
          [LABELS.outcome]: "landed",
        });
      }
      options.onInserted?.(rows);
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  return {
    dlqTopic,
    async stop() {
      stopping = true;
      await lag.stop();
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
