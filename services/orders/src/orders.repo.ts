import type { OutboxValues, Pool, Tx } from "@firebreak/platform";
import type { Order, OrderStatus, PlaceOrderRequest } from "./orders.schema.js";

// Statements on the hot path are named: PostgreSQL parses and plans a named statement once per
// connection, and an unnamed one on every call.
interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  items: PlaceOrderRequest["items"];
  amount_cents: string | null;
  cancel_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const COLUMNS = "id, customer_id, status, items, amount_cents, cancel_reason, created_at, completed_at";

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    items: row.items,
    amountCents: row.amount_cents === null ? null : Number(row.amount_cents),
    cancelReason: row.cancel_reason,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

/**
 * The order, its idempotency key (when given) and its OrderPlaced outbox row in one statement, so one
 * round trip and one commit. Undefined when another request already holds the key: nothing is written.
 * The key's reference to the order is checked at commit, after both rows exist.
 */
export async function insertOrderWithEvent(
  db: Pool,
  id: string,
  request: PlaceOrderRequest,
  claim: { key: string; requestHash: string } | undefined,
  event: OutboxValues,
): Promise<Order | undefined> {
  const { rows } = await db.query<OrderRow>({
    name: "orders-place",
    text: `WITH claimed AS (
             INSERT INTO idempotency_keys (key, request_hash, order_id)
             SELECT $1::text, $2::text, $3::uuid WHERE $1::text IS NOT NULL
             ON CONFLICT (key) DO NOTHING RETURNING key),
           placed AS (
             INSERT INTO orders (id, customer_id, status, items)
             SELECT $3::uuid, $4::text, 'PENDING', $5::jsonb WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM claimed)
             RETURNING ${COLUMNS}),
           published AS (
             INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
             SELECT $6::uuid, $7, $8, $9, $10::jsonb, $11 FROM placed)
           SELECT * FROM placed`,
    values: [
      claim?.key ?? null,
      claim?.requestHash ?? null,
      id,
      request.customerId,
      JSON.stringify(request.items),
      ...event,
    ],
  });
  return rows[0] ? toOrder(rows[0]) : undefined;
}

/** The request hash and order of a key that another request took. */
export async function findIdempotencyKey(
  db: Pool | Tx,
  key: string,
): Promise<{ requestHash: string; orderId: string }> {
  const { rows } = await db.query<{ request_hash: string; order_id: string }>({
    name: "orders-find-idempotency-key",
    text: "SELECT request_hash, order_id FROM idempotency_keys WHERE key = $1",
    values: [key],
  });
  return { requestHash: rows[0]!.request_hash, orderId: rows[0]!.order_id };
}

export async function findOrder(db: Pool | Tx, id: string): Promise<Order | undefined> {
  const { rows } = await db.query<OrderRow>({
    name: "orders-find",
    text: `SELECT ${COLUMNS} FROM orders WHERE id = $1`,
    values: [id],
  });
  return rows[0] ? toOrder(rows[0]) : undefined;
}

export async function listOrdersOf(db: Pool, customerId: string, limit: number): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>({
    name: "orders-list-of-customer",
    text: `SELECT ${COLUMNS} FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    values: [customerId, limit],
  });
  return rows.map(toOrder);
}

/**
 * Decides a PENDING order. `countedOverdue` says whether this decision is the one that counts it late:
 * it came after `deadlineSeconds` and the deadline sweep had not counted the order yet.
 */
export async function completeOrder(
  tx: Tx,
  id: string,
  outcome: { status: "CONFIRMED"; amountCents: number } | { status: "CANCELLED"; reason: string },
  deadlineSeconds: number,
): Promise<{ order: Order; countedOverdue: boolean } | undefined> {
  const { rows } = await tx.query<OrderRow & { counted_overdue: boolean }>({
    name: "orders-complete",
    text: `UPDATE orders o SET status = $2, amount_cents = COALESCE($3, o.amount_cents), cancel_reason = $4,
            completed_at = clock_timestamp(),
            overdue_at = CASE WHEN o.overdue_at IS NULL AND clock_timestamp() - o.created_at > make_interval(secs => $5)
                              THEN clock_timestamp() ELSE o.overdue_at END
       FROM (SELECT id, overdue_at FROM orders WHERE id = $1 FOR UPDATE) AS before
      WHERE o.id = before.id AND o.status = 'PENDING'
  RETURNING ${COLUMNS.split(", ")
    .map((column) => `o.${column}`)
    .join(", ")},
            before.overdue_at IS NULL AND o.overdue_at IS NOT NULL AS counted_overdue`,
    values: [
      id,
      outcome.status,
      outcome.status === "CONFIRMED" ? outcome.amountCents : null,
      outcome.status === "CANCELLED" ? outcome.reason : null,
      deadlineSeconds,
    ],
  });
  return rows[0] ? { order: toOrder(rows[0]), countedOverdue: rows[0].counted_overdue } : undefined;
}

/** Counts the orders still PENDING `deadlineSeconds` after placement and not counted yet; returns how many. */
export async function markOverdue(db: Pool, deadlineSeconds: number): Promise<number> {
  const { rowCount } = await db.query({
    name: "orders-mark-overdue",
    text: `UPDATE orders SET overdue_at = clock_timestamp()
            WHERE status = 'PENDING' AND overdue_at IS NULL
              AND created_at < clock_timestamp() - make_interval(secs => $1)`,
    values: [deadlineSeconds],
  });
  return rowCount ?? 0;
}
