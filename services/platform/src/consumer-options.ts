import type { Kafka } from "kafkajs";
import type { Logger } from "pino";
import type { Pool, Tx } from "./db.js";
import type { ReceivedEvent } from "./event.js";

/** Runs after the event's transaction has committed: effects that must happen once, such as a metric. */
export type AfterCommit = () => void;

export type EventHandler<Prepared = undefined> = (
  event: ReceivedEvent,
  tx: Tx,
  prepared: Prepared,
) => Promise<void | AfterCommit>;

export interface ConsumerOptions<Prepared = undefined> {
  kafka: Kafka;
  pool: Pool;
  logger: Logger;
  groupId: string;
  topics: string[];
  handle: EventHandler<Prepared>;
  /** The event types this consumer acts on; any other costs no transaction and no inbox row. Default: all. */
  types?: readonly string[];
  /**
   * Work done before the transaction and outside it, such as a call to a remote provider, so that no
   * transaction stays open while it waits. It may run more than once for an event (a retried batch, a
   * redelivery), so it must be idempotent. Events of a batch are prepared side by side.
   */
  prepare?: (event: ReceivedEvent) => Promise<Prepared>;
  /** Events of one batch prepared at once (Little's law: rate × the call's latency). */
  prepareConcurrency?: number;
  /** Attempts for an event whose handler fails permanently (isPermanent); then it goes to the dead-letter topic. */
  maxAttempts?: number;
  backoffMs?: number;
  /**
   * Partitions handled at once; each partition stays in order. A handler whose batches lock shared rows
   * (inventory's products) should take one at a time: two batches locking the same rows in different
   * orders would deadlock.
   */
  partitionsConsumedConcurrently?: number;
  /** Events handled in one transaction. */
  batchSize?: number;
}
