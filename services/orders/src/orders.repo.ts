import type { Pool, Tx } from "@firebreak/platform";
import type { Order, OrderStatus, PlaceOrderRequest } from "./orders.schema.js";

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

export async function insertOrder(tx: Tx, id: string, request: PlaceOrderRequest): Promise<Order> {
  const { rows } = await tx.query<OrderRow>(
    `INSERT INTO orders (id, customer_id, status, items) VALUES ($1, $2, 'PENDING', $3) RETURNING ${COLUMNS}`,
    [id, request.customerId, JSON.stringify(request.items)],
  );
  return toOrder(rows[0]!);
}

/** Takes the key for this request; when another request holds it, returns that request's hash and order. */
export async function claimIdempotencyKey(
  tx: Tx,
  key: string,
  requestHash: string,
  orderId: string,
): Promise<{ requestHash: string; orderId: string } | undefined> {
  const inserted = await tx.query(
    "INSERT INTO idempotency_keys (key, request_hash, order_id) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
    [key, requestHash, orderId],
  );
  if (inserted.rowCount === 1) return undefined;
  const { rows } = await tx.query<{ request_hash: string; order_id: string }>(
    "SELECT request_hash, order_id FROM idempotency_keys WHERE key = $1",
    [key],
  );
  return { requestHash: rows[0]!.request_hash, orderId: rows[0]!.order_id };
}

export async function findOrder(db: Pool | Tx, id: string): Promise<Order | undefined> {
  const { rows } = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE id = $1`, [id]);
  return rows[0] ? toOrder(rows[0]) : undefined;
}

export async function listOrdersOf(db: Pool, customerId: string, limit: number): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [customerId, limit],
  );
  return rows.map(toOrder);
}

/** Moves a PENDING order to its terminal state; a terminal order never changes again. */
export async function completeOrder(
  tx: Tx,
  id: string,
  outcome: { status: "CONFIRMED"; amountCents: number } | { status: "CANCELLED"; reason: string },
): Promise<Order | undefined> {
  const { rows } = await tx.query<OrderRow>(
    `UPDATE orders SET status = $2, amount_cents = COALESCE($3, amount_cents), cancel_reason = $4, completed_at = now()
      WHERE id = $1 AND status = 'PENDING' RETURNING ${COLUMNS}`,
    [
      id,
      outcome.status,
      outcome.status === "CONFIRMED" ? outcome.amountCents : null,
      outcome.status === "CANCELLED" ? outcome.reason : null,
    ],
  );
  return rows[0] ? toOrder(rows[0]) : undefined;
}
