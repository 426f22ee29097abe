import type { KafkaMessage } from "kafkajs";
import type { Logger, ReceivedEvent } from "@firebreak/platform";
import { toRow, type EventRow } from "./events-store.js";
import { rejectionOf } from "./rejections.js";

/** An event, the message it came in (which is what a dead letter carries on) and its partition. */
export interface Delivery {
  event: ReceivedEvent;
  partition: number;
  message: KafkaMessage;
}

export interface Flush {
  rows: EventRow[];
  deliveries: Delivery[];
  startedMs: number;
  endedMs: number;
}

export interface Landing {
  insert: (rows: EventRow[]) => Promise<void>;
  /** Where an event goes that ClickHouse rejects; retried until it succeeds or the sink stops. */
  deadLetter: (delivery: Delivery, reason: string) => Promise<void>;
  /** Called as each insert attempt starts, with what it inserts. */
  onInserting?: (batch: Delivery[]) => void;
  onFlushed: (flush: Flush) => void;
  logger: Logger;
  /** Waits before the next attempt (and heartbeats the group meanwhile). */
  backOff: (attempt: number) => Promise<void>;
  /** Throws once the sink is stopping: what has not landed then stays uncommitted. */
  checkRunning: () => void;
}

/**
 * Inserts the batch, retrying with back-off while ClickHouse cannot answer. When it rejects the rows
 * themselves, the same rows would be rejected forever: the batch is split in halves until each
 * rejected row stands alone, and that row is dead-lettered with ClickHouse's reason while the rest land.
 */
export async function land(batch: Delivery[], how: Landing): Promise<void> {
  const { insert, onInserting, onFlushed, logger, backOff, checkRunning } = how;
  for (let attempt = 1; ; attempt++) {
    checkRunning();
    const startedMs = Date.now();
    const rows = batch.map(({ event }) => toRow(event, startedMs));
    onInserting?.(batch);
    try {
      await insert(rows);
    } catch (error) {
      const rejection = rejectionOf(error);
      if (rejection !== undefined) return isolate(batch, rejection, how);
      logger.warn({ err: error, attempt, rows: rows.length }, "ClickHouse insert failed; backing off");
      await backOff(attempt);
      continue;
    }
    onFlushed({ rows, deliveries: batch, startedMs, endedMs: Date.now() });
    return;
  }
}

async function isolate(batch: Delivery[], reason: string, how: Landing): Promise<void> {
  if (batch.length > 1) {
    const half = Math.ceil(batch.length / 2);
    await land(batch.slice(0, half), how);
    return land(batch.slice(half), how);
  }
  for (let attempt = 1; ; attempt++) {
    how.checkRunning();
    try {
      return await how.deadLetter(batch[0]!, reason);
    } catch (error) {
      how.logger.warn({ err: error, attempt }, "dead-lettering failed; backing off");
      await how.backOff(attempt);
    }
  }
}
