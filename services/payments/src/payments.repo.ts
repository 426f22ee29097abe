import type { Pool, Tx } from "@firebreak/platform";

export interface Payment {
  orderId: string;
  /** Null for payments recorded before payments knew the customer. */
  customerId: string | null;
  status: "AUTHORIZED" | "DECLINED";
  amountCents: number;
  reason: string | null;
  pspReference: string | null;
  createdAt: string;
}

interface PaymentRow {
  order_id: string;
  customer_id: string | null;
  status: Payment["status"];
  amount_cents: string;
  reason: string | null;
  psp_reference: string | null;
  created_at: Date;
}

const toPayment = (row: PaymentRow): Payment => ({
  orderId: row.order_id,
  customerId: row.customer_id,
  status: row.status,
  amountCents: Number(row.amount_cents),
  reason: row.reason,
  pspReference: row.psp_reference,
  createdAt: row.created_at.toISOString(),
});

export async function findPayment(db: Pool | Tx, orderId: string): Promise<Payment | undefined> {
  const { rows } = await db.query<PaymentRow>("SELECT * FROM payments WHERE order_id = $1", [orderId]);
  return rows[0] ? toPayment(rows[0]) : undefined;
}

export async function insertPayment(tx: Tx, payment: Omit<Payment, "createdAt">): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO payments (order_id, customer_id, status, amount_cents, reason, psp_reference)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (order_id) DO NOTHING`,
    [payment.orderId, payment.customerId, payment.status, payment.amountCents, payment.reason, payment.pspReference],
  );
  return result.rowCount === 1;
}
