import { Redis } from "ioredis";
import { loadTokenPolicy, serve, startConsumerInBackground, startServiceBase } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { MIGRATIONS_DIR } from "./migrations-dir.js";
import { createApp } from "./app.js";
import { OrderCache } from "./order-cache.js";
import { sagaHandler, SAGA_EVENT_TYPES, SAGA_TOPICS } from "./saga.js";
import { startDeadlineSweep } from "./saga-deadline.js";

const SERVICE = "orders";
const config = readConfig();
const { logger, pool, kafka, isShuttingDown, housekeeping } = await startServiceBase(SERVICE, config, MIGRATIONS_DIR);
const redis = new Redis(config.REDIS_URL, {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
});
redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
// Placing an order needs PostgreSQL only (its event waits in the outbox), so a restart while Kafka is
// out must not take placements down with it: the saga consumer starts when it can.
const consumer = startConsumerInBackground({
  kafka,
  pool,
  logger,
  groupId: SERVICE,
  topics: SAGA_TOPICS,
  types: SAGA_EVENT_TYPES,
  handle: sagaHandler(config.SAGA_DEADLINE_SECONDS),
});
const deadlineSweep = startDeadlineSweep(pool, config.SAGA_DEADLINE_SECONDS, logger);

const app = createApp({
  pool,
  cache: new OrderCache(redis, config.ORDER_CACHE_TTL_SECONDS, logger),
  logger,
  // Redis is only a cache (reads fall back to PostgreSQL), so it does not decide readiness.
  readiness: { postgres: () => pool.query("SELECT 1") },
  degraded: { consumer: () => consumer.state() },
  isShuttingDown,
  tokens: await loadTokenPolicy(config),
});
serve(SERVICE, app, config.PORT, logger, [
  ["consumer", () => consumer.stop()],
  ["redis", () => redis.quit()],
  ["housekeeping", () => housekeeping.stop()],
  ["deadline sweep", async () => deadlineSweep.stop()],
  ["postgres", () => pool.end()],
]);
