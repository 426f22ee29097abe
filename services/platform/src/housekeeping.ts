import type { Logger } from "pino";
import type { Pool } from "./db.js";

export interface Retention {
  /** Debezium reads an outbox row from the WAL within seconds; the rest of the hour is for debugging. */
  outboxSeconds: number;
  /** Kafka keeps records 7 days (log.retention.hours); an event redelivered from there must still be recognised. */
  inboxSeconds: number;
}

export const DEFAULT_RETENTION: Retention = { outboxSeconds: 3_600, inboxSeconds: 7 * 24 * 3_600 };
const PRUNE_EVERY_MS = 60_000;
/** Small deletes keep each transaction and its row locks short beside the hot path. */
const BATCH_ROWS = 5_000;

const PRUNE_SQL = {
  outbox:
    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE created_at < now() - make_interval(secs => $1) LIMIT $2)",
  inbox:
    "DELETE FROM inbox WHERE ctid IN (SELECT ctid FROM inbox WHERE processed_at < now() - make_interval(secs => $1) LIMIT $2)",
} as const;

async function pruneTable(pool: Pool, table: keyof typeof PRUNE_SQL, olderThanSeconds: number): Promise<number> {
  let pruned = 0;
  for (;;) {
    const { rowCount } = await pool.query(PRUNE_SQL[table], [olderThanSeconds, BATCH_ROWS]);
    pruned += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH_ROWS) return pruned;
  }
}

/** Deletes outbox and inbox rows past their retention; returns how many of each went. */
export async function pruneOutboxAndInbox(
  pool: Pool,
  retention: Retention = DEFAULT_RETENTION,
): Promise<{ outbox: number; inbox: number }> {
  return {
    outbox: await pruneTable(pool, "outbox", retention.outboxSeconds),
    inbox: await pruneTable(pool, "inbox", retention.inboxSeconds),
  };
}

export interface Housekeeping {
  stop(): Promise<void>;
}

/** Prunes every minute, so a soak of hours or days does not grow the outbox and inbox without bound. */
export function startHousekeeping(pool: Pool, logger: Logger, retention = DEFAULT_RETENTION): Housekeeping {
  let running: Promise<void> | undefined;
  const pass = () => {
    running ??= pruneOutboxAndInbox(pool, retention)
      .then((pruned) => {
        if (pruned.outbox + pruned.inbox > 0) logger.info(pruned, "outbox and inbox pruned");
      })
      .catch((error: unknown) => logger.warn({ err: error }, "pruning skipped; retried next minute"))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(pass, PRUNE_EVERY_MS).unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
