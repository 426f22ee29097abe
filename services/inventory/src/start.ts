import {
  loadTokenPolicy,
  startConsumer,
  startService,
  type StartedService,
  type StartOptions,
} from "@firebreak/platform";
import type { Config } from "./config.js";
import { MIGRATIONS_DIR } from "./migrations-dir.js";
import { createApp } from "./app.js";
import { handleInventoryEvent, INVENTORY_EVENT_TYPES, INVENTORY_TOPICS } from "./reservations.js";

export const SERVICE = "inventory";

/** Migrates inventory's database, starts the reservations consumer, and builds the API. */
export function start(config: Config, { background = true }: StartOptions = {}): Promise<StartedService> {
  const definition = { name: SERVICE, config, migrationsDir: MIGRATIONS_DIR, background };
  return startService(definition, async ({ logger, pool, kafka, isShuttingDown }, steps) => {
    if (background) {
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
      steps.push(["consumer", () => consumer.stop()]);
    }
    return createApp({ pool, logger, isShuttingDown, tokens: await loadTokenPolicy(config) });
  });
}
