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
import { handleInventoryEvent, INVENTORY_TOPICS } from "./reservations.js";

const SERVICE = "inventory";
const logger = createLogger(SERVICE);
const config = readConfig();
const pool = createPool(config.DATABASE_URL);
await migrate(pool, [
  { prefix: "platform", dir: PLATFORM_MIGRATIONS },
  { prefix: SERVICE, dir: join(dirname(fileURLToPath(import.meta.url)), "migrations") },
]);
const kafka = new Kafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN });
const consumer = await startConsumer({
  kafka,
  pool,
  logger,
  groupId: SERVICE,
  topics: INVENTORY_TOPICS,
  handle: handleInventoryEvent,
});

let shuttingDown = false;
const app = createApp({ pool, logger, isShuttingDown: () => shuttingDown });
const server = app.listen(config.PORT, () => logger.info({ port: config.PORT }, "inventory listening"));

onShutdown(
  logger,
  [
    ["http", () => closeServer(server)],
    ["consumer", () => consumer.stop()],
    ["postgres", () => pool.end()],
  ],
  () => (shuttingDown = true),
);
