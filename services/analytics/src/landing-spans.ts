import { SpanKind, trace } from "@opentelemetry/api";
import { contextOf, type ReceivedEvent } from "@firebreak/platform";
import {
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from "@firebreak/platform/semconv";

const tracer = trace.getTracer("@firebreak/analytics");

/**
 * The sink lands events in batched inserts, so each event that carried a traceparent gets a span of
 * its own, a child of the span that wrote it, covering the ClickHouse insert that landed it: the
 * order's trace then ends where its events reach analytics.
 */
export function recordLandings(events: ReceivedEvent[], insertStartedMs: number, insertEndedMs: number): void {
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
