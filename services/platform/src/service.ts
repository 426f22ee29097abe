import { sleep } from "./backoff.js";
import type { Express } from "express";
import type { Kafka } from "kafkajs";
import { createPool, migrate, PLATFORM_MIGRATIONS, type Pool } from "./db.js";
import { kafkaClient } from "./kafka-client.js";
import { createLogger, type Logger } from "./logger.js";
import { startHousekeeping } from "./housekeeping.js";
import { closeServer, onShutdown, stopInOrder, type ShutdownStep } from "./shutdown.js";

export interface ServiceBase {
  logger: Logger;
  pool: Pool;
  kafka: Kafka;
  /** True from the first shutdown signal on; readiness turns false so traffic drains away. */
  isShuttingDown: () => boolean;
}

/**
 * Opens a service's own parts (clients, consumers, sweeps) on its base, records how to stop each in
 * `steps` as it opens it, and returns the service's app.
 */
export type BuildService = (base: ServiceBase, steps: ShutdownStep[]) => Promise<Express>;

/** A service once started: its HTTP app, ready to listen, and how to stop what it started, in order. */
export interface StartedService {
  app: Express;
  logger: Logger;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /**
   * The work a service does besides answering requests: its consumers, sweeps, reconcilers and the
   * outbox and inbox pruning. A test that serves a service's API over a database of its own turns it
   * off, or its consumers would join the stack's consumer groups and take their partitions.
   */
  background?: boolean;
}

let shuttingDown = false;

/** True from the first shutdown signal on; readiness turns false so traffic drains away. */
export const isShuttingDown = () => shuttingDown;

export interface ServiceDefinition extends StartOptions {
  name: string;
  config: {
    DATABASE_URL: string;
    MIGRATION_DATABASE_URL: string;
    KAFKA_BROKERS: string[];
    DB_STATEMENT_TIMEOUT_MS: number;
    DB_QUERY_TIMEOUT_MS: number;
  };
  migrationsDir: string;
}

/**
 * Starts a database-owning service: a logger, a migrated pool and a Kafka client, the outbox and
 * inbox pruning when it runs its background work, then the service's own parts (`build`). Its stop
 * runs the service's steps, then the pruning and the pool. When `build` fails half-way, what it had
 * opened is stopped the same way before the error goes on, so a failed start leaves nothing behind.
 */
export async function startService(
  { name, config, migrationsDir, background = true }: ServiceDefinition,
  build: BuildService,
): Promise<StartedService> {
  const logger = createLogger(name);
  // Migrations run as the database's owner, without deadlines, on a connection of their own that
  // closes once they are done; the service then holds only its runtime role's pool.
  const migrations = createPool(config.MIGRATION_DATABASE_URL, 1, "none");
  const pool = createPool(config.DATABASE_URL, 10, {
    statementMs: config.DB_STATEMENT_TIMEOUT_MS,
    queryMs: config.DB_QUERY_TIMEOUT_MS,
  });
  // An idle pooled connection that the network or the server drops emits 'error' on the pool; with
  // no listener Node would crash the service. The pool discards that client and opens a new one.
  for (const each of [pool, migrations]) {
    each.on("error", (error) => logger.warn({ err: error }, "idle database connection lost"));
  }
  try {
    await migrateWhenReachable(migrations, logger, [
      { prefix: "platform", dir: PLATFORM_MIGRATIONS },
      { prefix: name, dir: migrationsDir },
    ]);
  } catch (error) {
    await pool.end();
    throw error;
  } finally {
    await migrations.end();
  }
  const steps: ShutdownStep[] = [];
  const housekeeping = background ? startHousekeeping(pool, logger) : undefined;
  const stop = () =>
    stopInOrder(logger, [
      ...steps,
      ...(housekeeping ? [["housekeeping", () => housekeeping.stop()] satisfies ShutdownStep] : []),
      ["postgres", () => pool.end()],
    ])();
  try {
    const app = await build({ logger, pool, kafka: kafkaClient(name, config.KAFKA_BROKERS), isShuttingDown }, steps);
    return { app, logger, stop };
  } catch (error) {
    logger.error({ err: error }, "start failed; stopping what it had started");
    await stop();
    throw error;
  }
}

const START_RETRY_SECONDS = 120;

/**
 * A service (re)started while its database is unreachable waits for it instead of crashing in a
 * loop and exhausting the supervisor's restarts; it is not ready meanwhile.
 */
async function migrateWhenReachable(pool: Pool, logger: Logger, sources: Parameters<typeof migrate>[1]): Promise<void> {
  const deadline = Date.now() + START_RETRY_SECONDS * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(pool, sources);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const unreachable =
        code === "ECONNREFUSED" ||
        code === "ECONNRESET" ||
        code === "ETIMEDOUT" ||
        /timeout|terminated/i.test((error as Error).message);
      if (!unreachable || Date.now() > deadline) throw error;
      logger.warn({ err: error, attempt }, "database unreachable at start; retrying");
      await sleep(Math.min(5_000, 500 * attempt));
    }
  }
}

/**
 * Where services listen: loopback unless BIND_HOST says otherwise (docker compose and Kubernetes set
 * it), so that on one machine nothing reaches a service except through its address on loopback.
 */
export const bindHost = (env: NodeJS.ProcessEnv = process.env) => env.BIND_HOST ?? "127.0.0.1";

export interface ListenOptions {
  /**
   * SO_REUSEPORT: a second instance of the service may listen on the same port while this one still
   * does, so that one can take over from the other without a moment when nothing listens. Linux
   * shares the port only between processes of the same user.
   */
  reusePort?: boolean;
}

/** Listens, and on SIGTERM stops taking requests first, then runs the service's own steps in order. */
export function serve(
  name: string,
  app: Express,
  port: number,
  logger: Logger,
  steps: ShutdownStep[],
  { reusePort = false }: ListenOptions = {},
): void {
  const host = bindHost();
  const server = app.listen({ port, host, reusePort }, () => logger.info({ host, port }, `${name} listening`));
  onShutdown(logger, [["http", () => closeServer(server)], ...steps], () => (shuttingDown = true));
}
