import { gauge, LABELS, loadTokenPolicy, METRICS, serve, startConsumer, startServiceBase } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { MIGRATIONS_DIR } from "./migrations-dir.js";
import { createApp } from "./app.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { pspClient } from "./psp-client.js";
import { paymentsConsumer, PAYMENTS_TOPICS } from "./payments.js";
import { startReconciler } from "./reconciler.js";

const SERVICE = "payments";
const config = readConfig();
const { logger, pool, kafka, isShuttingDown, housekeeping } = await startServiceBase(SERVICE, config, MIGRATIONS_DIR);
const breakerState = gauge(METRICS.circuitBreakerState, "Circuit breaker state: 0 closed, 1 half-open, 2 open.", [
  LABELS.breaker,
]);
const BREAKER_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;
breakerState.set({ [LABELS.breaker]: "payment-provider" }, 0);
const breaker = new CircuitBreaker(config.BREAKER_FAILURE_THRESHOLD, config.BREAKER_RESET_MS, Date.now, (state) => {
  breakerState.set({ [LABELS.breaker]: "payment-provider" }, BREAKER_STATE_VALUES[state]);
  logger.warn({ state }, "payment-provider circuit breaker changed state");
});
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
const reconciler = startReconciler({ pool, psp, logger });
serve(
  SERVICE,
  createApp({ pool, logger, breakerState: () => breaker.state, isShuttingDown, tokens: await loadTokenPolicy(config) }),
  config.PORT,
  logger,
  [
    ["consumer", () => consumer.stop()],
    ["reconciler", () => reconciler.stop()],
    ["housekeeping", () => housekeeping.stop()],
    ["postgres", () => pool.end()],
  ],
);
