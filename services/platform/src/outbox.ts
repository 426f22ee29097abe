import { randomUUID } from "node:crypto";
import type { Tx } from "./db.js";
import { atCommit } from "./at-commit.js";
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

const OUTBOX_ROWS = Symbol("outbox rows");

/** Every row the transaction wrote, in one statement: one round trip whatever the batch's size, in the order written. */
async function insertOutboxRows(tx: Tx, rows: { values: OutboxValues; event: DomainEvent }[]): Promise<void> {
  const column = (i: number) => rows.map(({ values }) => values[i]);
  // A named statement: parsed and planned once per connection, not once per flush.
  await tx.query({
    name: "firebreak-outbox-insert-many",
    text: `INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[])`,
    values: [column(0), column(1), column(2), column(3), column(4), column(5)],
  });
  for (const { event } of rows) countOutboxEvent(event);
}

/**
 * Adds the event to the caller's transaction, so the state change and its event commit together. The
 * row is written with the transaction's other events just before COMMIT (see at-commit.ts); its id is
 * known at once.
 */
export function writeOutboxEvent(tx: Tx, event: DomainEvent, upstreamTraceparent?: string): string {
  const values = outboxValues(event, upstreamTraceparent);
  atCommit(
    tx,
    OUTBOX_ROWS,
    () => [] as { values: OutboxValues; event: DomainEvent }[],
    (rows) => insertOutboxRows(tx, rows),
  ).push({ values, event });
  return values[0];
}
