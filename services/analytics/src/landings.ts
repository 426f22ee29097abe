import { SpanKind, trace } from "@opentelemetry/api";
import {
  contextOf,
  eventsConsumed,
  FRESHNESS_BUCKETS,
  histogram,
  LABELS,
  METRICS,
  observeWithExemplar,
  traceIdOf,
  type ReceivedEvent,
} from "@firebreak/platform";
import {
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from "@firebreak/platform/semconv";

import type { Flush } from "./insert-buffer.js";

const tracer = trace.getTracer("@firebreak/analytics");

const freshness = histogram(
  METRICS.cdcFreshness,
  "Seconds from an event's commit in PostgreSQL to its insert into ClickHouse.",
  FRESHNESS_BUCKETS,
);

/** What an insert landed, in the freshness histogram, the consumed-events counter and a span per traced event. */
export function recordLandings({ rows, deliveries, startedMs, endedMs }: Flush, groupId: string): void {
  const events = deliveries.map(({ event }) => event);
  recordLandingSpans(events, startedMs, endedMs);
  const perTopic = new Map<string, number>();
  for (const [i, event] of events.entries()) {
    const seconds = (rows[i]!.ingested_ms - rows[i]!.occurred_ms) / 1000;
    observeWithExemplar(freshness, {}, seconds, traceIdOf(event.traceparent));
    perTopic.set(event.topic, (perTopic.get(event.topic) ?? 0) + 1);
  }
  for (const [topic, n] of perTopic) {
    eventsConsumed.inc({ [LABELS.consumerGroup]: groupId, [LABELS.destination]: topic, [LABELS.outcome]: "landed" }, n);
  }
}

/**
 * The sink lands events in batched inserts, so each event that carried a traceparent gets a span of
 * its own, a child of the span that wrote it, covering the ClickHouse insert that landed it: the
 * order's trace then ends where its events reach analytics.
 */
function recordLandingSpans(events: ReceivedEvent[], insertStartedMs: number, insertEndedMs: number): void {
  for (const event of events) {
    if (!event.traceparent) continue;
    const span = tracer.startSpan(
      `process ${event.topic}`,
      {
        kind: SpanKind.CONSUMER,
        startTime: insertStartedMs,
        attributes: {
          [ATTR_MESSAGING_SYSTEM]: "kafka",
          [ATTR_MESSAGING_OPERATION_TYPE]: "process",
          [ATTR_MESSAGING_DESTINATION_NAME]: event.topic,
          [ATTR_MESSAGING_MESSAGE_ID]: event.id,
          [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: events.length,
        },
      },
      contextOf(event.traceparent),
    );
    span.end(insertEndedMs);
  }
}
