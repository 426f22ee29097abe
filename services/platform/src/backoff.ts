/** Where every module waits: Node's own promise timer. */
export { setTimeout as sleep } from "node:timers/promises";

/** Exponential back-off for the n-th retry (1-based): base, 2×base, 4×base… capped at `capMs`. */
export function backoffMs(attempt: number, baseMs: number, capMs = 10_000): number {
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 16), capMs);
}

/** "Equal jitter": half the delay, plus up to the other half at random, so that retries do not march in step. */
export const jittered = (ms: number, random: () => number = Math.random) => ms / 2 + random() * (ms / 2);
