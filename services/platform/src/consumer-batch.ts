import type { EachBatchPayload, KafkaMessage, Producer } from "kafkajs";
import { withTransaction } from "./db.js";
import { claimEvent, claimEvents } from "./inbox.js";
import { backoffMs as backoff, sleep } from "./backoff.js";
import { decodeEvent, PoisonEvent, type ReceivedEvent } from "./event.js";
import { EventContext } from "./event-context.js";
import { deadLetter } from "./dead-letter.js";
import { isPermanent, isTransient } from "./transient.js";
import { eventsConsumed } from "./messaging-metrics.js";
import { LABELS } from "./metric-names.js";
import type { AfterCommit, ConsumerOptions } from "./consumer-options.js";
import type { OffsetCommitter } from "./offset-committer.js";

const BATCH_SIZE = 100;
const PREPARE_CONCURRENCY = 32;

interface Item<Prepared> {
  message: KafkaMessage;
  context: EventContext;
  prepared?: { value: Prepared };
  prepareError?: unknown;
}

type Outcome = "handled" | "duplicate" | "ignored";

/** Runs `work` on every item, at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function batchHandler<Prepared>(
  options: ConsumerOptions<Prepared>,
  producer: Producer,
  dlqTopic: string,
  committer: OffsetCommitter,
  isStopping: () => boolean,
) {
  const { pool, logger, groupId, handle, prepare } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  const wanted = options.types ? new Set(options.types) : undefined;

  const count = (topic: string, outcome: Outcome, n = 1) =>
    eventsConsumed.inc({ [LABELS.consumerGroup]: groupId, [LABELS.destination]: topic, [LABELS.outcome]: outcome }, n);
  // Leaving without resolving the offset: the event is delivered again after the restart.
  const unlessStopping = () => {
    if (isStopping()) throw new Error(`consumer ${groupId} is stopping`);
  };

  async function prepareItem(item: Item<Prepared>): Promise<void> {
    if (!prepare || item.prepared) return;
    try {
      item.prepared = { value: await item.context.run(() => prepare(item.context.event)) };
      item.prepareError = undefined;
    } catch (error) {
      item.prepareError = error;
    }
  }

  /** The whole chunk in one transaction; throws when any event fails, and then nothing of it is committed. */
  async function handleTogether(items: Item<Prepared>[]): Promise<Outcome[]> {
    const afterCommit: AfterCommit[] = [];
    const outcomes = await withTransaction(pool, async (tx) => {
      const fresh = await claimEvents(
        tx,
        groupId,
        items.map((item) => item.context.event.id),
      );
      const result: Outcome[] = [];
      for (const { context, prepared } of items) {
        if (!fresh.delete(context.event.id)) {
          result.push("duplicate");
          continue;
        }
        const after = await context.run(() => handle(context.event, tx, prepared?.value as Prepared));
        if (after) afterCommit.push(after);
        result.push("handled");
      }
      return result;
    });
    for (const after of afterCommit) after();
    return outcomes;
  }

  /**
   * One event in its own transaction until it is handled or dead-lettered: a PoisonEvent at once, a
   * permanent failure (isPermanent) after maxAttempts, and anything else never. Only permanent
   * failures count against the attempts, so a long outage does not leave the next real error none.
   */
  async function handleAlone(item: Item<Prepared>, heartbeat: () => Promise<void>): Promise<void> {
    const { event } = item.context;
    let permanentFailures = 0;
    for (let attempt = 1; ; attempt++) {
      unlessStopping();
      try {
        await prepareItem(item);
        if (item.prepareError) throw item.prepareError;
        const { outcome, after } = await withTransaction(pool, async (tx) => {
          if (!(await claimEvent(tx, groupId, event.id))) return { outcome: "duplicate" as const, after: undefined };
          const after = await item.context.run(() => handle(event, tx, item.prepared?.value as Prepared));
          return { outcome: "handled" as const, after };
        });
        if (after) after();
        count(event.topic, outcome);
        item.context.end();
        return;
      } catch (error) {
        const permanent = isPermanent(error);
        if (error instanceof PoisonEvent || (permanent && ++permanentFailures >= maxAttempts)) {
          logger.error({ eventId: event.id, type: event.type, err: error }, "event dead-lettered");
          item.context.end(error);
          return deadLetter(producer, dlqTopic, event.topic, item.message, (error as Error).message);
        }
        const why = isTransient(error) ? "dependency unavailable" : permanent ? "event failed" : "unforeseen error";
        logger.warn({ eventId: event.id, type: event.type, attempt, err: error }, `${why}; retrying`);
        item.prepared = undefined;
        await sleep(backoff(attempt, backoffMs));
        await heartbeat();
      }
    }
  }

  /** Decodes the chunk, dead-letters what cannot be decoded, skips unwanted types, and handles the rest. */
  async function handleChunk(topic: string, messages: KafkaMessage[], heartbeat: () => Promise<void>) {
    const items: Item<Prepared>[] = [];
    for (const message of messages) {
      let event: ReceivedEvent;
      try {
        event = decodeEvent(topic, message);
      } catch (error) {
        const reason = (error as Error).message;
        logger.warn({ topic, offset: message.offset, reason }, "undecodable event dead-lettered");
        await deadLetter(producer, dlqTopic, topic, message, reason);
        continue;
      }
      if (wanted && !wanted.has(event.type)) count(topic, "ignored");
      else items.push({ message, context: new EventContext(event, groupId) });
    }
    if (items.length === 0) return;
    await eachLimited(items, options.prepareConcurrency ?? PREPARE_CONCURRENCY, prepareItem);
    for (let attempt = 1; !items.some((item) => item.prepareError); attempt++) {
      unlessStopping();
      try {
        const outcomes = await handleTogether(items);
        outcomes.forEach((outcome, i) => {
          count(topic, outcome);
          items[i]!.context.end();
        });
        return;
      } catch (error) {
        if (error instanceof PoisonEvent || !isTransient(error)) break;
        logger.warn({ topic, events: items.length, err: error }, "dependency unavailable; retrying the batch");
        await sleep(backoff(attempt, backoffMs));
        await heartbeat();
      }
    }
    for (const item of items) await handleAlone(item, heartbeat);
  }

  return async (payload: EachBatchPayload): Promise<void> => {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const batchSize = options.batchSize ?? BATCH_SIZE;
    for (let start = 0; start < batch.messages.length; start += batchSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + batchSize);
      await handleChunk(batch.topic, chunk, heartbeat);
      resolveOffset(chunk.at(-1)!.offset);
      committer.handled(batch.topic, batch.partition, chunk.at(-1)!.offset);
      await heartbeat();
    }
  };
}
