import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from "kafkajs";
import type { Logger } from "pino";
import { withTransaction, type Pool, type Tx } from "./db.js";
import { claimEvent } from "./inbox.js";
import { backoffMs as backoff, sleep } from "./backoff.js";
import { decodeEvent, PoisonEvent, type ReceivedEvent } from "./event.js";
import { eventsConsumed, eventsDeadLettered } from "./messaging-metrics.js";
import { trackConsumerLag } from "./consumer-lag.js";
import { LABELS } from "./metric-names.js";

export type EventHandler = (event: ReceivedEvent, tx: Tx) => Promise<void>;

export interface ConsumerOptions {
  kafka: Kafka;
  pool: Pool;
  logger: Logger;
  groupId: string;
  topics: string[];
  handle: EventHandler;
  /** Attempts for an event whose handler fails; then it goes to the dead-letter topic. */
  maxAttempts?: number;
  backoffMs?: number;
  /**
   * Partitions handled at once; each partition stays in order. A handler that waits on a dependency
   * (payments calls the provider, 20–40 ms) caps one-at-a-time consumption near 30 events/s.
   */
  partitionsConsumedConcurrently?: number;
}

/** Matches the topics' partition count (num.partitions in cdc/kafka/server.properties). */
const PARTITIONS_CONSUMED_CONCURRENTLY = 3;
const AUTO_COMMIT_INTERVAL_MS = 5_000;

export interface RunningConsumer {
  dlqTopic: string;
  stop(): Promise<void>;
}

const TRANSIENT_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/**
 * Connection-level failures say nothing about the event: retry until the dependency is back.
 * SQLSTATE classes 08 (connection), 53 (resources) and 57 (operator intervention, e.g. shutdown);
 * class 40 (deadlock, serialization failure) says only that a concurrent transaction won the race.
 */
export function isTransient(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  if (code) return /^(08|40|53|57)/.test(code) || ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(code);
  return TRANSIENT_MESSAGES.test(message ?? "");
}

/** Headers as Kafka accepts them on produce: null values (which Debezium may write) are dropped. */
function sendableHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([, value]) => value !== null && value !== undefined));
}

/** Sends the message on to the dead-letter topic as it came, with why, and where it came from, in headers. */
export async function deadLetter(
  producer: Producer,
  dlqTopic: string,
  topic: string,
  message: KafkaMessage,
  reason: string,
) {
  const group = dlqTopic.replace(/\.dlq$/, "");
  eventsDeadLettered.inc({ [LABELS.consumerGroup]: group, [LABELS.destination]: topic });
  await producer.send({
    topic: dlqTopic,
    messages: [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...sendableHeaders(message.headers),
          "dlq.reason": reason,
          "dlq.topic": topic,
          "dlq.offset": message.offset,
        },
      },
    ],
  });
}

async function handleOnce(options: ConsumerOptions, event: ReceivedEvent): Promise<"handled" | "duplicate"> {
  return withTransaction(options.pool, async (tx) => {
    if (!(await claimEvent(tx, options.groupId, event.id))) return "duplicate";
    await options.handle(event, tx);
    return "handled";
  });
}

/**
 * At-least-once consumption with idempotent handling: each event is claimed in the inbox in the
 * same transaction as its effects. A handler failure is retried a bounded number of times and then
 * dead-lettered with its reason, so one bad event never stalls the partition; a lost database
 * connection is retried until it comes back, because the event itself is fine.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { kafka, logger, groupId } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  const dlqTopic = `${groupId}.dlq`;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer: Consumer = kafka.consumer({ groupId });
  let stopping = false;
  await producer.connect();
  await consumer.connect();
  const lag = trackConsumerLag(kafka, groupId, options.topics, logger);
  await consumer.subscribe({ topics: options.topics, fromBeginning: true });
  await consumer.run({
    // Also commit during a long batch, not only at its end: the lag gauge reads committed offsets,
    // and a restart replays less.
    autoCommitInterval: AUTO_COMMIT_INTERVAL_MS,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? PARTITIONS_CONSUMED_CONCURRENTLY,
    eachMessage: async ({ topic, message }) => {
      let event: ReceivedEvent;
      try {
        event = decodeEvent(topic, message);
      } catch (error) {
        logger.warn(
          { topic, offset: message.offset, reason: (error as Error).message },
          "undecodable event dead-lettered",
        );
        return deadLetter(producer, dlqTopic, topic, message, (error as Error).message);
      }
      for (let attempt = 1; ; attempt++) {
        // Leaving without committing the offset: the event is delivered again after the restart.
        if (stopping) throw new Error(`consumer ${groupId} is stopping`);
        try {
          const outcome = await handleOnce(options, event);
          eventsConsumed.inc({
            [LABELS.consumerGroup]: groupId,
            [LABELS.destination]: topic,
            [LABELS.outcome]: outcome,
          });
          logger.debug({ eventId: event.id, type: event.type, outcome }, "event consumed");
          return;
        } catch (error) {
          const poison = error instanceof PoisonEvent;
          if (!poison && isTransient(error)) {
            logger.warn({ eventId: event.id, err: error }, "dependency unavailable; retrying");
          } else if (poison || attempt >= maxAttempts) {
            logger.error({ eventId: event.id, type: event.type, err: error }, "event dead-lettered");
            return deadLetter(producer, dlqTopic, topic, message, (error as Error).message);
          }
          await sleep(backoff(attempt, backoffMs));
        }
      }
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
