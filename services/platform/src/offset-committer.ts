import type { Consumer } from "kafkajs";
import type { Logger } from "./logger.js";

/**
 * Commits the offsets a consumer has handled at most once per interval. kafkajs commits after every
 * fetched batch, and under load that was more offset commits than events produced: a produce to
 * __consumer_offsets, a round trip and the group coordinator's work each time. Handling is
 * idempotent (the inbox), so what a crash or rebalance leaves uncommitted is replayed, not lost.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, { topic: string; partition: number; offset: string }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
  }

  /** The message at `offset` is handled; consumption resumes after it. */
  handled(topic: string, partition: number, offset: string): void {
    this.pending.set(`${topic}:${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (error) {
      // A rebalance or a lost broker: the new owner resumes from the last commit and replays the rest.
      this.logger.warn({ err: error, offsets }, "offset commit failed; those events will be replayed");
    }
  }

  /** Commits what is handled so far; called before the consumer stops. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
