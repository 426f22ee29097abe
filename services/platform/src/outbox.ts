import { randomUUID } from "node:crypto";
import type { Tx } from "./db.js";
import { currentTraceparent } from "./trace-context.js";
import { incomingTraceparent } from "./event-context.js";
import { outboxEvents } from "./messaging-metrics.js";
import { LABELS } from "./metric-names.js";

export interface DomainEvent<Payload = unknown> {
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload: Payload;
}

/** An outbox row's values, in the table's column order (id, aggregatetype, aggregateid, type, payload, traceparent). */
export type OutboxValues = [string, string, string, string, string, string | null];

/**
 * The row that publishes the event. Debezium's EventRouter turns it into a Kafka record: topic per
 * aggregate type, key = aggregate id, the row id and type in headers, and the traceparent of the
 * active span, so that consumers continue the trace. When nothing is being traced here (tracing off),
 * a trace started elsewhere still passes through: `upstreamTraceparent` (an HTTP caller's), else the
 * one the consumed event arrived with. For a caller that writes the row in a statement of its own;
 * it counts the event once that statement has succeeded, with `countOutboxEvent`.
 */
export function outboxValues(event: DomainEvent, upstreamTraceparent?: string): OutboxValues {
  const traceparent = currentTraceparent() ?? upstreamTraceparent ?? incomingTraceparent();
  return [
    randomUUID(),
    event.aggregateType,
    event.aggregateId,
    event.type,
    JSON.stringify(event.payload),
    traceparent ?? null,
  ];
}

export const countOutboxEvent = (event: DomainEvent): void =>
  outboxEvents.inc({ [LABELS.aggregateType]: event.aggregateType, [LABELS.eventType]: event.type });

/** Inserts the event in the caller's transaction, so the state change and its event commit together. */
export async function writeOutboxEvent(tx: Tx, event: DomainEvent, upstreamTraceparent?: string): Promise<string> {
  const values = outboxValues(event, upstreamTraceparent);
  // A named statement: parsed and planned once per connection, not once per event.
  await tx.query({
    name: "firebreak-outbox-insert",
    text: "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, traceparent) VALUES ($1, $2, $3, $4, $5, $6)",
    values,
  });
  countOutboxEvent(event);
  return values[0];
}
