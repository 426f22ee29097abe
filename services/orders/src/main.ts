import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { Kafka, logLevel } from "kafkajs";
import {
  closeServer,
  createLogger,
  createPool,
  migrate,
  onShutdown,
  PLATFORM_MIGRATIONS,
  startConsumer,
} from "@firebreak/platform";
import { readConfig } from "./config.js";
import { createApp } from "./app.js";
import { OrderCache } from "./order-cache.js";
import { applySagaEvent, SAGA_TOPICS } from "./saga.js";

const SERVICE = "orders";
const logger = createLogger(SERVICE);
const config = readConfig();
const pool = createPool(config.DATABASE_URL);
await migrate(pool, [
  { prefix: "platform", dir: PLATFORM_MIGRATIONS },
  { prefix: SERVICE, dir: join(dirname(fileURLToPath(import.meta.url)), "migrations") },
]);
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
const kafka = new Kafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN });
const consumer = await startConsumer({
  kafka,
  pool,
  logger,
  groupId: SERVICE,
  topics: SAGA_TOPICS,
  handle: applySagaEvent,
});

let shuttingDown = false;
const app = createApp({
  pool,
  cache: new OrderCache(redis, config.ORDER_CACHE_TTL_SECONDS, logger),
  logger,
  // Redis is only a cache (reads fall back to PostgreSQL), so it does not decide readiness.
  readiness: { postgres: () => pool.query("SELECT 1") },
  isShuttingDown: () => shuttingDown,
});
const server = app.listen(config.PORT, () => logger.info({ port: config.PORT }, "orders listening"));

onShutdown(
  logger,
  [
    ["http", () => closeServer(server)],
    ["consumer", () => consumer.stop()],
    ["redis", () => redis.quit()],
    ["postgres", () => pool.end()],
  ],
  () => (shuttingDown = true),
);
