import { counter, METRICS, type Logger, type Pool } from "@firebreak/platform";
import { markOverdue } from "./orders.repo.js";

const SWEEP_INTERVAL_MS = 1_000;

/**
 * Orders counted late against the saga-completion SLO. Counting sagas only when they finish would
 * leave a stalled saga invisible while it is stalled: the customer waits, and nothing burns until
 * the backlog drains. So an order counts here once, as soon as its deadline passes undecided (the
 * sweep below), or at its decision when that comes late and before the sweep saw it.
 */
export const sagaOverdue = counter(
  METRICS.sagaOverdue,
  "Orders still undecided at their saga deadline, each counted once: when the deadline passes, or at a later decision.",
  [],
);

/** Every second, counts the orders whose deadline has just passed undecided. */
export function startDeadlineSweep(pool: Pool, deadlineSeconds: number, logger: Logger): { stop: () => void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    markOverdue(pool, deadlineSeconds)
      .then((overdue) => sagaOverdue.inc(overdue))
      .catch((error: unknown) => logger.warn({ err: error }, "saga deadline sweep failed; trying again"))
      .finally(() => (running = false));
  }, SWEEP_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}
