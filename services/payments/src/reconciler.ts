import { counter, LABELS, METRICS, sleep, type Logger, type Pool } from "@firebreak/platform";
import { markVoided, paymentsToVoid } from "./payments.repo.js";
import type { PspClient } from "./psp-client.js";

const voids = counter(METRICS.paymentVoids, "Voids confirmed by the payment provider, by what they released.", [
  LABELS.outcome,
]);

export interface ReconcilerOptions {
  pool: Pool;
  psp: PspClient;
  logger: Logger;
  intervalMs?: number;
  /** Voids asked for per round; a round's calls run one after another, behind the breaker. */
  batch?: number;
}

/**
 * Charged but cancelled, closed: a payment declined because the provider did not answer in time is
 * voided at the provider, by the order id (its idempotency key), until the provider confirms. A void
 * that finds an authorization releases it (outcome `released`); one that finds nothing voids the key
 * in advance, so that a call still on its way cannot authorize it (`nothing_held`). While the provider
 * is down the breaker fails the calls at once and the next round tries again.
 */
export function startReconciler({ pool, psp, logger, intervalMs = 1_000, batch = 50 }: ReconcilerOptions) {
  let stopped = false;
  let failing = false;
  async function round(): Promise<void> {
    for (const orderId of await paymentsToVoid(pool, batch)) {
      if (stopped) return;
      const result = await psp.void(orderId);
      await markVoided(pool, orderId, result.reference);
      voids.inc({ [LABELS.outcome]: result.released ? "released" : "nothing_held" });
      if (result.released) logger.info({ orderId }, "authorization of a cancelled order voided");
    }
  }
  const loop = (async () => {
    while (!stopped) {
      try {
        await round();
        failing = false;
      } catch (error) {
        // Once per outage, not once a second.
        if (!failing) logger.warn({ err: error }, "voids at the payment provider failing; retrying");
        failing = true;
      }
      await sleep(intervalMs);
    }
  })();
  return {
    async stop(): Promise<void> {
      stopped = true;
      await loop;
    },
  };
}
