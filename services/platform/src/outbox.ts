import { randomUUID } from "node:crypto";
import type { Tx } from "./db.js";

export interface DomainEvent<Payload = unknown> {
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload: Payload;
}

/**
 * Inserts the event in the caller's transaction, so the state change and its event commit together.
 * Debezium's EventRouter turns the row into a Kafka record: topic per aggregate type, key = aggregate id,
 * the row id and type in headers, and the traceparent header when there is one.
 */
export async function writeOutboxEvent(tx: Tx, event: DomainEvent, traceparent?: string): Promise<string> {
  const id = randomUUID();
  await tx.query(
    "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, traceparent) VALUES ($1, $2, $3, $4, $5, $6)",
    [id, event.aggregateType, event.aggregateId, event.type, JSON.stringify(event.payload), traceparent ?? null],
  );
  return id;
}
