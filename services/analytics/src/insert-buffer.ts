import { backoffMs } from "@firebreak/platform";
import { land, type Delivery, type Landing } from "./landing.js";

export type { Delivery, Flush } from "./landing.js";

/** Where a partition's consumption resumes once what was added before it is in ClickHouse. */
export interface Position {
  topic: string;
  partition: number;
  offset: string;
}

/** How to land a batch (the buffer backs off and stops itself), how to commit, and how often. */
export interface InsertBufferOptions extends Omit<Landing, "backOff" | "checkRunning"> {
  commit: (positions: Position[]) => Promise<void>;
  /** Inserts start at least this far apart… */
  intervalMs: number;
  /** …or once this many rows wait; while as many wait for an insert still running, `add` holds the consumer back. */
  maxRows: number;
}

const STOPPED = "analytics sink is stopping; its uncommitted events are replayed after restart";

/**
 * The events of every partition, buffered and inserted together: at most one insert per
 * `intervalMs` (unless `maxRows` wait), one at a time. Batches return as soon as they are added, so
 * the consumer fetches on while an insert runs; their offsets are committed by the buffer, after the
 * insert that holds their rows and the ones before it, never by kafkajs. A crash or a rebalance leaves the buffered events
 * uncommitted, and they are fetched again from the committed offsets. While ClickHouse is down the
 * insert is retried with back-off until the sink stops, and then nothing of it is committed. Rows that
 * ClickHouse rejects are dead-lettered, one by one, and the rest land (see `land`).
 */
export class InsertBuffer {
  private buffered: Delivery[] = [];
  private positions = new Map<string, Position>();
  private lastFlushMs = 0;
  private roomWaiters: (() => void)[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checkQueued = false;
  private stopped = false;
  private wake: () => void = () => {};
  private heartbeat: () => Promise<void> = async () => {};

  constructor(private readonly options: InsertBufferOptions) {}

  /** Adds a batch's events with the position after it; resolves when there is room for more. */
  add(deliveries: Delivery[], position: Position, heartbeat: () => Promise<void>): Promise<void> {
    // Once stopped, batches are dropped: never committed, they are fetched again after the restart.
    if (this.stopped) return Promise.resolve();
    this.buffered.push(...deliveries);
    this.positions.set(`${position.topic}:${position.partition}`, position);
    this.heartbeat = heartbeat;
    // Checked after the current macrotask, so that the rest of the fetch's batches can join the insert.
    if (!this.checkQueued) {
      this.checkQueued = true;
      setImmediate(() => {
        this.checkQueued = false;
        this.check();
      });
    }
    if (this.buffered.length < this.options.maxRows) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Stops retrying and buffering; what is not in ClickHouse yet stays uncommitted. Resolves once no insert runs. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake();
    this.roomWaiters.splice(0).forEach((resolve) => resolve());
    await this.flushing;
  }

  private check(): void {
    if (this.flushing || this.stopped || this.positions.size === 0) return;
    const { intervalMs, maxRows } = this.options;
    const sinceLastMs = Date.now() - this.lastFlushMs;
    if (this.buffered.length < maxRows && sinceLastMs < intervalMs) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.check();
      }, intervalMs - sinceLastMs);
      return;
    }
    this.lastFlushMs = Date.now();
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffered;
    const positions = [...this.positions.values()];
    this.buffered = [];
    this.positions = new Map();
    this.roomWaiters.splice(0).forEach((resolve) => resolve());
    this.flushing = this.flush(batch, positions)
      .catch((error: unknown) => this.options.logger.info({ err: error }, "insert abandoned"))
      .finally(() => {
        this.flushing = undefined;
        this.check();
      });
  }

  /** A back-off that `stop` cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async flush(batch: Delivery[], positions: Position[]): Promise<void> {
    await land(batch, {
      ...this.options,
      backOff: (attempt) => this.backOff(attempt),
      checkRunning: () => {
        if (this.stopped) throw new Error(STOPPED);
      },
    });
    // A commit lost here (a rebalance, a stop) only replays these events, which collapse by event_id.
    await this.options.commit(positions).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "offsets not committed");
    });
  }

  private async backOff(attempt: number): Promise<void> {
    await this.heartbeat().catch(() => undefined);
    await this.pause(backoffMs(attempt + 1, 200));
  }
}
