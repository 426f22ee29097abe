import { createClient } from "@clickhouse/client";
import { stackKafka } from "../clients/kafka.js";
import { measureLag, SUBSCRIPTIONS } from "@firebreak/platform";
import { HOST, PORTS } from "../native/ports.js";
import { queryService as query } from "../native/service-env.js";
import type { LandedEvents, OrderRecord, StockRecord } from "./checks.js";
import type { PaymentRecord, PlacedOrder, ProviderLedger } from "./payments-check.js";
import type { ReservationRecord } from "./reservations-check.js";
import { loadSecrets } from "../credentials/secrets.js";

export async function readOrders(): Promise<PlacedOrder[]> {
  const rows = await query<{
    id: string;
    status: OrderRecord["status"];
    amount_cents: string | null;
    created_at: Date;
  }>("orders", "SELECT id, status, amount_cents, created_at FROM orders");
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    amountCents: r.amount_cents === null ? null : Number(r.amount_cents),
    placedAt: r.created_at.toISOString(),
  }));
}

export async function readStock(): Promise<StockRecord[]> {
  const rows = await query<{ id: string; initial_stock: number; available: number; reserved: number; sold: number }>(
    "inventory",
    "SELECT id, initial_stock, available, reserved, sold FROM products",
  );
  return rows.map((r) => ({
    id: r.id,
    initialStock: r.initial_stock,
    available: r.available,
    reserved: r.reserved,
    sold: r.sold,
  }));
}

export async function readReservations(): Promise<ReservationRecord[]> {
  const rows = await query<{ order_id: string; status: ReservationRecord["status"] }>(
    "inventory",
    "SELECT order_id, status FROM reservations",
  );
  return rows.map((r) => ({ orderId: r.order_id, status: r.status }));
}

/** Units per product in CONFIRMED orders. */
export async function readConfirmedUnits(): Promise<Map<string, number>> {
  const rows = await query<{ product: string; units: string }>(
    "orders",
    `SELECT item->>'productId' AS product, sum((item->>'quantity')::bigint) AS units
       FROM orders, jsonb_array_elements(items) AS item
      WHERE status = 'CONFIRMED'
      GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.product, Number(r.units)]));
}

export async function readPayments(): Promise<PaymentRecord[]> {
  const rows = await query<{
    order_id: string;
    status: PaymentRecord["status"];
    amount_cents: string;
    psp_void_pending: boolean;
  }>("payments", "SELECT order_id, status, amount_cents, psp_void_pending FROM payments");
  return rows.map((r) => ({
    orderId: r.order_id,
    status: r.status,
    amountCents: Number(r.amount_cents),
    voidPending: r.psp_void_pending,
  }));
}

/** What the pipeline still owes before its books can be judged. */
export interface Backlog {
  /** Orders not decided yet. */
  pending: number;
  /** Records on the event topics that the saga consumer groups have not committed. */
  lag: number;
  /** Payments declined without the provider's answer whose void the provider has not confirmed yet. */
  voids: number;
}

export async function readBacklog(): Promise<Backlog> {
  const count = async (service: "orders" | "payments", sql: string) =>
    (await query<{ n: number }>(service, sql))[0]?.n ?? 0;
  const [pending, lag, voids] = await Promise.all([
    count("orders", "SELECT count(*)::int AS n FROM orders WHERE status = 'PENDING'"),
    consumerLag(),
    count("payments", "SELECT count(*)::int AS n FROM payments WHERE psp_void_pending"),
  ]);
  return { pending, lag, voids };
}

export const isDrained = (backlog: Backlog) => backlog.pending === 0 && backlog.lag === 0 && backlog.voids === 0;

/** The payment provider's statement, asked with the merchant key as payments would. */
export async function readProviderLedger(): Promise<ProviderLedger> {
  const response = await fetch(`http://${HOST}:${PORTS.paymentProvider}/v1/ledger`, {
    headers: { authorization: `Bearer ${loadSecrets().apiKeys.psp}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`the payment provider's ledger answered ${response.status}`);
  return (await response.json()) as ProviderLedger;
}

/** Distinct event ids per order and type: duplicates of one delivery collapse, distinct events do not. */
export async function readLandedEvents(): Promise<LandedEvents> {
  const client = createClient({ url: `http://${HOST}:${PORTS.clickhouseHttp}` });
  try {
    const result = await client.query({
      query: `SELECT aggregate_id, event_type, uniqExact(event_id) AS events FROM firebreak.events
               GROUP BY aggregate_id, event_type`,
      format: "JSONEachRow",
    });
    const landed: LandedEvents = new Map();
    for (const row of await result.json<{ aggregate_id: string; event_type: string; events: string }>()) {
      if (!landed.has(row.aggregate_id)) landed.set(row.aggregate_id, new Map());
      landed.get(row.aggregate_id)!.set(row.event_type, Number(row.events));
    }
    return landed;
  } finally {
    await client.close();
  }
}

/** Records on the event topics that a saga consumer group has not committed yet (as the services' own lag gauge). */
export async function consumerLag(): Promise<number> {
  const admin = stackKafka("firebreak-verify").admin();
  await admin.connect();
  try {
    let lag = 0;
    for (const [groupId, topics] of Object.entries(SUBSCRIPTIONS)) {
      for (const partition of await measureLag(admin, groupId, topics)) lag += partition.lag;
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** The orders each idempotency key of a load test created (keys start with the test id). */
export async function readOrdersOfKeys(prefix: string): Promise<Map<string, string>> {
  const rows = await query<{ key: string; order_id: string }>(
    "orders",
    "SELECT key, order_id FROM idempotency_keys WHERE key LIKE $1",
    [`${prefix.replace(/[\\%_]/g, "\\$&")}-%`],
  );
  return new Map(rows.map((row) => [row.key, row.order_id]));
}
