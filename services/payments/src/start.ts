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
import { pspBreaker } from "./psp-breaker.js";
import { pspClient } from "./psp-client.js";
import { paymentsConsumer, PAYMENTS_TOPICS } from "./payments.js";
import { startReconciler } from "./reconciler.js";

export const SERVICE = "payments";

/** Migrates payments' database, starts the payment consumer and the reconciler, and builds the API. */
export function start(config: Config, { background = true }: StartOptions = {}): Promise<StartedService> {
  const definition = { name: SERVICE, config, migrationsDir: MIGRATIONS_DIR, background };
  return startService(definition, async ({ logger, pool, kafka, isShuttingDown }, steps) => {
    const breaker = pspBreaker(config.BREAKER_FAILURE_THRESHOLD, config.BREAKER_RESET_MS, logger);
    if (background) {
      const psp = pspClient({
        baseUrl: config.PSP_URL,
        apiKey: config.PSP_API_KEY,
        timeoutMs: config.PSP_TIMEOUT_MS,
        maxAttempts: config.PSP_MAX_ATTEMPTS,
        breaker,
      });
      const consumer = await startConsumer({
        kafka,
        pool,
        logger,
        groupId: SERVICE,
        topics: PAYMENTS_TOPICS,
        ...paymentsConsumer(psp),
      });
      steps.push(["consumer", () => consumer.stop()]);
      const reconciler = startReconciler({ pool, psp, logger });
      steps.push(["reconciler", () => reconciler.stop()]);
    }
    const tokens = await loadTokenPolicy(config);
    return createApp({ pool, logger, breakerState: () => breaker.state, isShuttingDown, tokens });
  });
}
