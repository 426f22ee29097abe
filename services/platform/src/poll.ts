import { sleep } from "./backoff.js";

export interface PollOptions {
  timeoutMs: number;
  /** Pause between two asks; 500 ms unless said. */
  intervalMs?: number;
  /** A probe that throws is asked again, and its last error is reported if time runs out; otherwise the error ends the wait. */
  retryErrors?: boolean;
}

/**
 * Asks `probe` until it answers with a value (anything but undefined or false) and returns that value.
 * The probe is asked at least once, then every `intervalMs` until `timeoutMs` has passed; then the
 * wait fails with an error naming `what`.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (!options.retryErrors) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const last = lastError === undefined ? "" : ` (last error: ${String(lastError)})`;
      throw new Error(`${what}: not within ${options.timeoutMs} ms${last}`);
    }
    await sleep(options.intervalMs ?? 500);
  }
}
