import {
  loadTokenPolicy,
  startConsumer,
  startServiceBase,
  type ShutdownStep,
  type StartedService,
  type StartOptions,
} from "@firebreak/platform";
import type { Config } from "./config.js";
import { MIGRATIONS_DIR } from "./migrations-dir.js";
import { createApp } from "./app.js";
import { handleInventoryEvent, INVENTORY_EVENT_TYPES, INVENTORY_TOPICS } from "./reservations.js";

export const SERVICE = "inventory";

/** Migrates inventory's database, starts the reservations consumer, and builds the API. */
export async function start(config: Config, { background = true }: StartOptions = {}): Promise<StartedService> {
  const { logger, pool, kafka, isShuttingDown, started } = await startServiceBase(SERVICE, config, MIGRATIONS_DIR);
  const steps: ShutdownStep[] = [];
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
  const app = createApp({ pool, logger, isShuttingDown, tokens: await loadTokenPolicy(config) });
  return started(app, steps);
}
