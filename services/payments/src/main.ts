import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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
import { CircuitBreaker } from "./circuit-breaker.js";
import { pspClient } from "./psp-client.js";
import { paymentsHandler, PAYMENTS_TOPICS } from "./payments.js";

const SERVICE = "payments";
const logger = createLogger(SERVICE);
const config = readConfig();
const pool = createPool(config.DATABASE_URL);
await migrate(pool, [
  { prefix: "platform", dir: PLATFORM_MIGRATIONS },
  { prefix: SERVICE, dir: join(dirname(fileURLToPath(import.meta.url)), "migrations") },
]);
const breaker = new CircuitBreaker(config.BREAKER_FAILURE_THRESHOLD, config.BREAKER_RESET_MS, Date.now, (state) =>
  logger.warn({ state }, "payment-provider circuit breaker changed state"),
);
const psp = pspClient({
  baseUrl: config.PSP_URL,
  timeoutMs: config.PSP_TIMEOUT_MS,
  maxAttempts: config.PSP_MAX_ATTEMPTS,
  breaker,
});
const kafka = new Kafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN });
const consumer = await startConsumer({
  kafka,
  pool,
  logger,
  groupId: SERVICE,
  topics: PAYMENTS_TOPICS,
  handle: paymentsHandler(psp),
});

let shuttingDown = false;
const app = createApp({ pool, logger, breakerState: () => breaker.state, isShuttingDown: () => shuttingDown });
const server = app.listen(config.PORT, () => logger.info({ port: config.PORT }, "payments listening"));

onShutdown(
  logger,
  [
    ["http", () => closeServer(server)],
    ["consumer", () => consumer.stop()],
    ["postgres", () => pool.end()],
  ],
  () => (shuttingDown = true),
);
