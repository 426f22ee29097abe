import type { Consumer } from "kafkajs";
import type { ConsumerOptions } from "./consumer-options.js";
import { trackConsumerLag } from "./consumer-lag.js";
import { batchHandler } from "./consumer-batch.js";
import { OffsetCommitter } from "./offset-committer.js";

export type { AfterCommit, ConsumerOptions, EventHandler } from "./consumer-options.js";

/** Matches the topics' partition count (num.partitions in cdc/kafka/server.properties). */
const PARTITIONS_CONSUMED_CONCURRENTLY = 3;
/** Also bounds how long the lag gauge, which reads committed offsets, trails what was handled. */
const COMMIT_INTERVAL_MS = 1_000;

export interface RunningConsumer {
  dlqTopic: string;
  stop(): Promise<void>;
}

/**
 * At-least-once consumption with idempotent handling. Each fetched batch is handled in chunks, one
 * transaction per chunk: the chunk's events are claimed in the inbox in one statement, and their
 * effects and outbox rows commit with the claims. When a chunk fails for a reason other than a lost
 * connection, its events are handled one by one instead, so a poison event is retried a bounded number
 * of times and dead-lettered alone, without stalling or losing its neighbours. A lost database
 * connection is retried until it comes back, because the events themselves are fine.
 */
export async function startConsumer<Prepared = undefined>(
  options: ConsumerOptions<Prepared>,
): Promise<RunningConsumer> {
  const { kafka, logger, groupId } = options;
  const dlqTopic = `${groupId}.dlq`;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer: Consumer = kafka.consumer({ groupId });
  let stopping = false;
  const committer = new OffsetCommitter(consumer, COMMIT_INTERVAL_MS, logger);
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? PARTITIONS_CONSUMED_CONCURRENTLY,
      eachBatchAutoResolve: false,
      eachBatch: batchHandler(options, producer, dlqTopic, committer, () => stopping),
    });
  } catch (error) {
    // Nothing half-started is left behind: a caller that tries again gets fresh connections.
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    throw error;
  }
  const lag = trackConsumerLag(kafka, groupId, options.topics, logger);
  committer.start();
  return {
    dlqTopic,
    async stop() {
      stopping = true;
      await lag.stop();
      await committer.stop();
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
