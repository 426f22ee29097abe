import { sleep } from "./backoff.js";

export interface PollOptions {
  timeoutMs: number;
  /** Pause between two asks; 500 ms unless said. */
  intervalMs?: number;
  /**
   * A probe that throws an error this accepts (true: any) is asked again, and its last error is
   * reported if time runs out; any other error ends the wait.
   */
  retryErrors?: boolean | ((error: unknown) => boolean);
  /** Ends the wait early, as if its time had run out. */
  signal?: AbortSignal;
}

type Probe<T> = () => Promise<T | undefined | false> | T | undefined | false;

/**
 * Asks `probe` until it answers with a value (anything but undefined or false) and returns that value;
 * when time runs out or the signal aborts, returns undefined with the last retried error. The probe
 * is asked at least once, then every `intervalMs` until `timeoutMs` has passed.
 */
async function poll<T>(probe: Probe<T>, options: PollOptions): Promise<{ value?: T; lastError?: unknown }> {
  const deadline = Date.now() + options.timeoutMs;
  const retries = (error: unknown) =>
    typeof options.retryErrors === "function" ? options.retryErrors(error) : options.retryErrors === true;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return { value };
    } catch (error) {
      if (!retries(error)) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline || options.signal?.aborted) return { lastError };
    // An abort during the pause ends the pause and the wait.
    await sleep(options.intervalMs ?? 500, undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal?.aborted) return { lastError };
  }
}

/** Polls as `poll` does; when time runs out, the wait fails with an error naming `what`. */
export async function pollUntil<T>(what: string, probe: Probe<T>, options: PollOptions): Promise<T> {
  const { value, lastError } = await poll(probe, options);
  if (value !== undefined) return value;
  const last = lastError === undefined ? "" : ` (last error: ${String(lastError)})`;
  throw new Error(`${what}: not within ${options.timeoutMs} ms${last}`);
}

/**
 * Polls as `poll` does, but gives up quietly: undefined when time runs out or the signal aborts, for a
 * caller that reports what was left itself. A retried error is not kept.
 */
export async function pollQuietly<T>(probe: Probe<T>, options: PollOptions): Promise<T | undefined> {
  return (await poll(probe, options)).value;
}

/**
 * Asks `probe` until `settled` accepts its answer, as `poll` does, and returns whether it did with the
 * last answer, so a caller that gives up can say what was left. A probe's error ends the wait unless
 * `retryErrors` accepts it.
 */
export async function pollSettled<T>(
  probe: () => Promise<T> | T,
  settled: (answer: T) => boolean,
  options: PollOptions,
): Promise<{ settled: boolean; last?: T }> {
  let last: T | undefined;
  const value = await pollQuietly(async () => {
    last = await probe();
    return settled(last);
  }, options);
  return { settled: value === true, last };
}
