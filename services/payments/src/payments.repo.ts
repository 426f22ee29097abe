import type { Pool, Tx } from "@firebreak/platform";

// Statements on the hot path are named: PostgreSQL parses and plans a named statement once per
// connection, and an unnamed one on every call.
export interface Payment {
  orderId: string;
  /** Null for payments recorded before payments knew the customer. */
  customerId: string | null;
  status: "AUTHORIZED" | "DECLINED";
  amountCents: number;
  reason: string | null;
  pspReference: string | null;
  /** Declined without the provider's answer: whatever it decided is still to be voided. */
  voidPending: boolean;
  createdAt: string;
}

interface PaymentRow {
  order_id: string;
  customer_id: string | null;
  status: Payment["status"];
  amount_cents: string;
  reason: string | null;
  psp_reference: string | null;
  psp_void_pending: boolean;
  created_at: Date;
}

const toPayment = (row: PaymentRow): Payment => ({
  orderId: row.order_id,
  customerId: row.customer_id,
  status: row.status,
  amountCents: Number(row.amount_cents),
  reason: row.reason,
  pspReference: row.psp_reference,
  voidPending: row.psp_void_pending,
  createdAt: row.created_at.toISOString(),
});

export async function findPayment(db: Pool | Tx, orderId: string): Promise<Payment | undefined> {
  const { rows } = await db.query<PaymentRow>({
    name: "payments-find",
    text: "SELECT * FROM payments WHERE order_id = $1",
    values: [orderId],
  });
  return rows[0] ? toPayment(rows[0]) : undefined;
}

export async function insertPayment(tx: Tx, payment: Omit<Payment, "createdAt">): Promise<boolean> {
  const result = await tx.query({
    name: "payments-insert",
    text: `INSERT INTO payments (order_id, customer_id, status, amount_cents, reason, psp_reference, psp_void_pending)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (order_id) DO NOTHING`,
    values: [
      payment.orderId,
      payment.customerId,
      payment.status,
      payment.amountCents,
      payment.reason,
      payment.pspReference,
      payment.voidPending,
    ],
  });
  return result.rowCount === 1;
}

/** Oldest first: the orders whose payment still has a void to confirm at the provider. */
export async function paymentsToVoid(db: Pool, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ order_id: string }>({
    name: "payments-to-void",
    text: "SELECT order_id FROM payments WHERE psp_void_pending ORDER BY created_at LIMIT $1",
    values: [limit],
  });
  return rows.map((row) => row.order_id);
}

export async function markVoided(db: Pool, orderId: string, pspReference: string): Promise<void> {
  await db.query(
    "UPDATE payments SET psp_void_pending = false, psp_reference = coalesce(psp_reference, $2) WHERE order_id = $1",
    [orderId, pspReference],
  );
}
