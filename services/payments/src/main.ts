import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, startConsumer, startServiceBase } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { createApp } from "./app.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { pspClient } from "./psp-client.js";
import { paymentsHandler, PAYMENTS_TOPICS } from "./payments.js";

const SERVICE = "payments";
const config = readConfig();
const { logger, pool, kafka, isShuttingDown } = await startServiceBase(
  SERVICE,
  config,
  join(dirname(fileURLToPath(import.meta.url)), "migrations"),
);
const breaker = new CircuitBreaker(config.BREAKER_FAILURE_THRESHOLD, config.BREAKER_RESET_MS, Date.now, (state) =>
  logger.warn({ state }, "payment-provider circuit breaker changed state"),
);
const psp = pspClient({
  baseUrl: config.PSP_URL,
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
  handle: paymentsHandler(psp),
});
serve(SERVICE, createApp({ pool, logger, breakerState: () => breaker.state, isShuttingDown }), config.PORT, logger, [
  ["consumer", () => consumer.stop()],
  ["postgres", () => pool.end()],
]);
