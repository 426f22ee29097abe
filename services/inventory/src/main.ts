import { loadTokenPolicy, serve, startConsumer, startServiceBase } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { MIGRATIONS_DIR } from "./migrations-dir.js";
import { createApp } from "./app.js";
import { handleInventoryEvent, INVENTORY_EVENT_TYPES, INVENTORY_TOPICS } from "./reservations.js";

const SERVICE = "inventory";
const config = readConfig();
const { logger, pool, kafka, isShuttingDown, housekeeping } = await startServiceBase(SERVICE, config, MIGRATIONS_DIR);
const consumer = await startConsumer({
  kafka,
  pool,
  logger,
  groupId: SERVICE,
  topics: INVENTORY_TOPICS,
  types: INVENTORY_EVENT_TYPES,
  handle: handleInventoryEvent,
  // A batch locks the products of all its orders; two batches side by side would deadlock on them.
  partitionsConsumedConcurrently: 1,
});
serve(
  SERVICE,
  createApp({ pool, logger, isShuttingDown, tokens: await loadTokenPolicy(config) }),
  config.PORT,
  logger,
  [
    ["consumer", () => consumer.stop()],
    ["housekeeping", () => housekeeping.stop()],
    ["postgres", () => pool.end()],
  ],
);
