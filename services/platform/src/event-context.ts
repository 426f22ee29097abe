import { AsyncLocalStorage } from "node:async_hooks";
import { context, SpanKind, SpanStatusCode, trace, type Context, type Span } from "@opentelemetry/api";
import type { ReceivedEvent } from "./event.js";
import { contextOf } from "./trace-context.js";
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from "./telemetry/semconv.js";

const tracer = trace.getTracer("@firebreak/platform");

/** The traceparent the event being handled arrived with; what the outbox passes on when nothing is traced here. */
const incoming = new AsyncLocalStorage<string | undefined>();
export const incomingTraceparent = (): string | undefined => incoming.getStore();

/**
 * One event's place in its trace: a consumer span that is a child of the span that wrote the event
 * (not a link, as the Kafka instrumentation gives batches), active while the event is prepared and
 * handled, so that the handler's queries, calls and outbox rows continue the same trace.
 */
export class EventContext {
  private readonly span: Span;
  private readonly active: Context;

  constructor(
    readonly event: ReceivedEvent,
    groupId: string,
  ) {
    const parent = contextOf(event.traceparent);
    this.span = tracer.startSpan(
      `process ${event.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          [ATTR_MESSAGING_SYSTEM]: "kafka",
          [ATTR_MESSAGING_OPERATION_TYPE]: "process",
          [ATTR_MESSAGING_DESTINATION_NAME]: event.topic,
          [ATTR_MESSAGING_MESSAGE_ID]: event.id,
          [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: groupId,
        },
      },
      parent,
    );
    this.active = trace.setSpan(parent, this.span);
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return incoming.run(this.event.traceparent, () => context.with(this.active, work));
  }

  end(error?: unknown): void {
    if (error) {
      this.span.recordException(error as Error);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    }
    this.span.end();
  }
}
