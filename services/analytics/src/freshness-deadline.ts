import type { Admin, Kafka } from "kafkajs";
import { counter, METRICS, type Logger } from "@firebreak/platform";
import type { Delivery } from "./insert-buffer.js";

/** The analytics-freshness SLO's threshold: an event should be in ClickHouse within 10 s of its commit. */
export const FRESHNESS_DEADLINE_MS = 10_000;
const SWEEP_INTERVAL_MS = 1_000;

/**
 * Events counted late against the analytics-freshness SLO. Counting events only when they land would
 * leave an outage invisible while it lasts: nothing lands, so nothing counts, until the backlog
 * drains. So an event counts here once, as soon as it is 10 s past its commit with no insert of it
 * started (the sweep), or when it lands late and the sweep had not counted it.
 */
export const cdcOverdue = counter(
  METRICS.cdcOverdue,
  "Events not in ClickHouse 10 s after their commit, each counted once: when the deadline passes, or at a later landing.",
  [],
);

const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;
const raise = (map: Map<string, number>, key: string, offset: number) =>
  map.set(key, Math.max(map.get(key) ?? 0, offset));

/**
 * Which events of the sink's partitions are late, by offset: Kafka finds, for any time, the first
 * offset stamped at or after it, so the events older than the deadline are those below that offset.
 * A restarted sink forgets what it counted, so events still waiting then are counted again.
 */
export class LateEvents {
  /** Per partition, the offset below which every event has had an insert started: it counts when it lands. */
  private readonly attempted = new Map<string, number>();
  /** Per partition, the offset below which every waiting event has been counted by the sweep. */
  private readonly counted = new Map<string, number>();

  constructor(private readonly deadlineMs = FRESHNESS_DEADLINE_MS) {}

  /** An insert of these is starting: whether they are late is now decided when they land. */
  inserting(deliveries: Delivery[]): void {
    for (const { event, partition, message } of deliveries) {
      raise(this.attempted, keyOf(event.topic, partition), Number(message.offset) + 1);
    }
  }

  /** These landed at `landedMs`: each one late that the sweep has not counted is counted now. */
  landed(deliveries: Delivery[], landedMs: number): void {
    let late = 0;
    for (const { event, partition, message } of deliveries) {
      const counted = this.counted.get(keyOf(event.topic, partition)) ?? 0;
      if (landedMs - event.occurredMs > this.deadlineMs && Number(message.offset) >= counted) late++;
    }
    if (late > 0) cdcOverdue.inc(late);
  }

  /** Counts, once, the events of the group's partitions that are past the deadline with no insert started. */
  async sweep(admin: Admin, groupId: string, topics: string[], nowMs = Date.now()): Promise<number> {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    const committedOffsets = present.length > 0 ? await admin.fetchOffsets({ groupId, topics: present }) : [];
    let late = 0;
    for (const { topic, partitions } of committedOffsets) {
      const pastDeadline = await admin.fetchTopicOffsetsByTimestamp(topic, nowMs - this.deadlineMs);
      // Only a partition without a commit yet needs the log's start, where the group begins.
      const uncommitted = partitions.some((p) => Number(p.offset) < 0);
      const starts = new Map(
        uncommitted ? (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.low)]) : [],
      );
      for (const { partition, offset } of pastDeadline) {
        const key = keyOf(topic, partition);
        const committed = Number(partitions.find((p) => p.partition === partition)?.offset ?? -1);
        const landed = committed >= 0 ? committed : (starts.get(partition) ?? 0);
        const from = Math.max(landed, this.attempted.get(key) ?? 0, this.counted.get(key) ?? 0);
        const to = Number(offset);
        if (to > from) {
          late += to - from;
          this.counted.set(key, to);
        }
      }
    }
    if (late > 0) cdcOverdue.inc(late);
    return late;
  }
}

/** Sweeps every second, one sweep at a time, on an admin client of its own. */
export function startFreshnessSweep(kafka: Kafka, groupId: string, topics: string[], late: LateEvents, logger: Logger) {
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    connected ??= admin.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    connected
      .then(() => late.sweep(admin, groupId, topics))
      .catch((error: unknown) => logger.debug({ err: error }, "freshness sweep failed; trying again"))
      .finally(() => (running = false));
  }, SWEEP_INTERVAL_MS).unref();
  return {
    async stop() {
      clearInterval(timer);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
