import { startConsumer, type RunningConsumer } from "./consumer.js";
import type { ConsumerOptions } from "./consumer-options.js";

export interface BackgroundConsumer {
  /** `ok` once running, or `starting` with why the last attempt failed: for readiness to report, not to fail on. */
  state(): string;
  stop(): Promise<void>;
}

/**
 * A consumer started without holding up the service: while Kafka cannot be reached, the service
 * serves what does not need it (orders takes placements: they only need PostgreSQL, and their events
 * wait in the outbox), and the consumer is tried again every `retryMs` until it starts or the service
 * stops.
 */
export function startConsumerInBackground<Prepared = undefined>(
  options: ConsumerOptions<Prepared>,
  retryMs = 5_000,
): BackgroundConsumer {
  let running: RunningConsumer | undefined;
  let lastError: string | undefined;
  let stopped = false;
  let wake = () => {};
  const loop = (async () => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        running = await startConsumer(options);
        return;
      } catch (error) {
        lastError = (error as Error).message;
        options.logger.warn({ err: error, attempt }, "consumer not started; retrying (the service serves meanwhile)");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, retryMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();
  return {
    state: () => (running ? "ok" : `starting${lastError ? ` (last attempt: ${lastError})` : ""}`),
    async stop() {
      stopped = true;
      wake();
      await loop;
      await running?.stop();
    },
  };
}
