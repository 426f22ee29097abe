import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { z } from "zod";
import { TracedPool } from "./db-spans.js";
import { forgetAtCommit, runAtCommit } from "./at-commit.js";

export type Pool = pg.Pool;
export type Tx = pg.PoolClient;

/** The outbox, the inbox and the Debezium heartbeat table: every service that uses them runs these first. */
export const PLATFORM_MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "..", "migrations");

/**
 * How long PostgreSQL lets a statement run before it cancels it (a runaway query, a lock wait), and how
 * long the client waits for any answer at all: a link that drops packets silently sends no error, and
 * without a deadline a query on it waits forever, with its pooled connection and whatever waits on it.
 */
export interface Deadlines {
  statementMs: number;
  queryMs: number;
}

/** The environment every database-owning service reads its deadlines from, with their defaults. */
export const databaseDeadlinesConfig = {
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
};

/**
 * What every database-owning service reads: its database as two roles. DATABASE_URL is the runtime
 * role, which may read and write rows of the service's tables and nothing more; MIGRATION_DATABASE_URL
 * is the owner, used once at start-up for the migrations and then closed.
 */
export const databaseConfig = {
  DATABASE_URL: z.string().url(),
  MIGRATION_DATABASE_URL: z.string().url(),
  ...databaseDeadlinesConfig,
};

export const DEFAULT_DEADLINES: Deadlines = {
  statementMs: databaseDeadlinesConfig.DB_STATEMENT_TIMEOUT_MS.parse(undefined),
  queryMs: databaseDeadlinesConfig.DB_QUERY_TIMEOUT_MS.parse(undefined),
};

/** `none` is for migrations, which may rightly run for minutes. */
export function createPool(
  connectionString: string,
  max = 10,
  deadlines: Deadlines | "none" = DEFAULT_DEADLINES,
): Pool {
  return new TracedPool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A peer that vanished (no FIN, no RST) is found by TCP keep-alive, not by the next query.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(deadlines === "none" ? {} : { statement_timeout: deadlines.statementMs, query_timeout: deadlines.queryMs }),
  });
}

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. What the
 * work deferred with `atCommit` runs after it and before COMMIT, inside the same transaction.
 */
export async function withTransaction<T>(pool: Pool, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  // A checked-out client whose connection drops between two queries emits 'error' (no query is
  // there to reject); unheard, Node would crash the service. The next query fails instead, and the
  // broken client is destroyed on release rather than returned to the pool.
  let lost: Error | undefined;
  const onError = (error: Error) => (lost = error);
  tx.on("error", onError);
  try {
    await tx.query("BEGIN");
    const result = await work(tx);
    await runAtCommit(tx);
    await tx.query("COMMIT");
    return result;
  } catch (error) {
    // A ROLLBACK that fails too (a dead link, a query still running past its deadline) leaves the
    // connection unusable: it is destroyed on release, never handed to the next transaction.
    await tx.query("ROLLBACK").catch((rollbackError: Error) => (lost ??= rollbackError));
    throw error;
  } finally {
    forgetAtCommit(tx);
    tx.off("error", onError);
    tx.release(lost);
  }
}

const MIGRATION_LOCK = 7_274_301;

/**
 * Applies plain SQL files in name order, each once, each in its own transaction. Sources are
 * applied in the order given, so the platform's tables exist before a service's migrations use them.
 */
export async function migrate(pool: Pool, sources: { prefix: string; dir: string }[]): Promise<string[]> {
  const applied: string[] = [];
  await withTransaction(pool, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set(
      (await tx.query<{ name: string }>("SELECT name FROM schema_migrations")).rows.map((r) => r.name),
    );
    for (const { prefix, dir } of sources) {
      for (const file of readdirSync(dir)
        .filter((name) => name.endsWith(".sql"))
        .sort()) {
        const name = `${prefix}/${file}`;
        if (done.has(name)) continue;
        await tx.query(readFileSync(join(dir, file), "utf8"));
        await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [name]);
        applied.push(name);
      }
    }
  });
  return applied;
}
