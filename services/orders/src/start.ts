import { Redis } from "ioredis";
import {
  loadTokenPolicy,
  startConsumerInBackground,
  startService,
  type StartedService,
  type StartOptions,
} from "@firebreak/platform";
import type { Config } from "./config.js";
import { MIGRATIONS_DIR } from "./migrations-dir.js";
import { createApp } from "./app.js";
import { OrderCache } from "./order-cache.js";
import { sagaHandler, SAGA_EVENT_TYPES, SAGA_TOPICS } from "./saga.js";
import { startDeadlineSweep } from "./saga-deadline.js";

export const SERVICE = "orders";

/** Migrates orders' database, starts the saga's consumer and deadline sweep, and builds the API. */
export function start(config: Config, { background = true }: StartOptions = {}): Promise<StartedService> {
  const definition = { name: SERVICE, config, migrationsDir: MIGRATIONS_DIR, background };
  return startService(definition, async ({ logger, pool, kafka, isShuttingDown }, steps) => {
    let degraded: Record<string, () => string> | undefined;
    if (background) {
      // Placing an order needs PostgreSQL only (its event waits in the outbox), so a restart while Kafka
      // is out must not take placements down with it: the saga consumer starts when it can.
      const consumer = startConsumerInBackground({
        kafka,
        pool,
        logger,
        groupId: SERVICE,
        topics: SAGA_TOPICS,
        types: SAGA_EVENT_TYPES,
        handle: sagaHandler(config.SAGA_DEADLINE_SECONDS),
      });
      steps.push(["consumer", () => consumer.stop()]);
      const deadlineSweep = startDeadlineSweep(pool, config.SAGA_DEADLINE_SECONDS, logger);
      steps.push(["deadline sweep", async () => deadlineSweep.stop()]);
      degraded = { consumer: () => consumer.state() };
    }
    const redis = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
    });
    redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
    steps.push(["redis", () => redis.quit()]);
    return createApp({
      pool,
      cache: new OrderCache(redis, config.ORDER_CACHE_TTL_SECONDS, logger),
      logger,
      // Redis is only a cache (reads fall back to PostgreSQL), so it does not decide readiness.
      readiness: { postgres: () => pool.query("SELECT 1") },
      ...(degraded && { degraded }),
      isShuttingDown,
      tokens: await loadTokenPolicy(config),
    });
  });
}
