import { randomUUID } from "node:crypto";
import type { Tx } from "./db.js";
import { currentTraceparent } from "./trace-context.js";
import { outboxEvents } from "./messaging-metrics.js";
import { LABELS } from "./metric-names.js";

export interface DomainEvent<Payload = unknown> {
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload: Payload;
}

/**
 * Inserts the event in the caller's transaction, so the state change and its event commit together.
 * Debezium's EventRouter turns the row into a Kafka record: topic per aggregate type, key = aggregate id,
 * the row id and type in headers, and the traceparent of the active span, so that consumers continue
 * the trace. `upstreamTraceparent` is used only when nothing is being traced here (tracing off), so that
 * a trace started elsewhere still passes through.
 */
export async function writeOutboxEvent(tx: Tx, event: DomainEvent, upstreamTraceparent?: string): Promise<string> {
  const traceparent = currentTraceparent() ?? upstreamTraceparent;
  const id = randomUUID();
  await tx.query(
    "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, traceparent) VALUES ($1, $2, $3, $4, $5, $6)",
    [id, event.aggregateType, event.aggregateId, event.type, JSON.stringify(event.payload), traceparent ?? null],
  );
  outboxEvents.inc({ [LABELS.aggregateType]: event.aggregateType, [LABELS.eventType]: event.type });
  return id;
}
