import { gauge, LABELS, METRICS, type Logger } from "@firebreak/platform";
import { CircuitBreaker } from "./circuit-breaker.js";

const STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;
// Registered once per process: a second start() in the same process (a test) reuses it.
const state = gauge(METRICS.circuitBreakerState, "Circuit breaker state: 0 closed, 1 half-open, 2 open.", [
  LABELS.breaker,
]);

/** The breaker in front of the payment provider, its state exported as a gauge and logged as it changes. */
export function pspBreaker(failureThreshold: number, resetMs: number, logger: Logger): CircuitBreaker {
  const series = { [LABELS.breaker]: "payment-provider" };
  state.set(series, STATE_VALUES.closed);
  return new CircuitBreaker(failureThreshold, resetMs, Date.now, (next) => {
    state.set(series, STATE_VALUES[next]);
    logger.warn({ state: next }, "payment-provider circuit breaker changed state");
  });
}
