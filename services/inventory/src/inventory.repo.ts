import type { Pool, Tx } from "@firebreak/platform";
import type { OrderItem, Product } from "./inventory.schema.js";

// Statements on the hot path are named: PostgreSQL parses and plans a named statement once per
// connection, and an unnamed one on every call.
interface ProductRow {
  id: string;
  name: string;
  price_cents: string;
  initial_stock: number;
  available: number;
  reserved: number;
  sold: number;
}

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  name: row.name,
  priceCents: Number(row.price_cents),
  initialStock: row.initial_stock,
  available: row.available,
  reserved: row.reserved,
  sold: row.sold,
});

export async function listProducts(db: Pool): Promise<Product[]> {
  return (await db.query<ProductRow>("SELECT * FROM products ORDER BY id")).rows.map(toProduct);
}

export async function findProduct(db: Pool, id: string): Promise<Product | undefined> {
  const { rows } = await db.query<ProductRow>({
    name: "inventory-find-product",
    text: "SELECT * FROM products WHERE id = $1",
    values: [id],
  });
  return rows[0] ? toProduct(rows[0]) : undefined;
}

/** Locks the order's products in id order, so that concurrent reservations cannot deadlock or oversell. */
export async function lockProducts(tx: Tx, ids: string[]): Promise<Map<string, Product>> {
  const { rows } = await tx.query<ProductRow>({
    name: "inventory-lock-products",
    text: "SELECT * FROM products WHERE id = ANY($1) ORDER BY id FOR UPDATE",
    values: [ids],
  });
  return new Map(rows.map((row) => [row.id, toProduct(row)]));
}

/** How much one product's stock columns change; their sum is 0, so stock stays conserved. */
export interface StockChange {
  productId: string;
  available: number;
  reserved: number;
  sold: number;
}

/** Applies every product's change in one statement, in id order (the order lockProducts locks in). */
export async function applyStockChanges(tx: Tx, changes: StockChange[]): Promise<void> {
  const sorted = [...changes].sort((a, b) => (a.productId < b.productId ? -1 : 1));
  await tx.query({
    name: "inventory-apply-stock-changes",
    text: `UPDATE products p
           SET available = p.available + c.available, reserved = p.reserved + c.reserved, sold = p.sold + c.sold
           FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS c(id, available, reserved, sold)
           WHERE p.id = c.id`,
    values: [
      sorted.map((c) => c.productId),
      sorted.map((c) => c.available),
      sorted.map((c) => c.reserved),
      sorted.map((c) => c.sold),
    ],
  });
}

export interface Reservation {
  orderId: string;
  status: "RESERVED" | "REJECTED" | "RELEASED" | "SOLD";
  items: OrderItem[];
  amountCents: number;
}

export async function insertReservation(tx: Tx, reservation: Reservation, reason?: string): Promise<boolean> {
  const result = await tx.query({
    name: "inventory-insert-reservation",
    text: `INSERT INTO reservations (order_id, status, items, amount_cents, reason) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (order_id) DO NOTHING`,
    values: [
      reservation.orderId,
      reservation.status,
      JSON.stringify(reservation.items),
      reservation.amountCents,
      reason ?? null,
    ],
  });
  return result.rowCount === 1;
}

/** Moves a RESERVED reservation on; returns it only if this call made the move. */
export async function settleReservation(
  tx: Tx,
  orderId: string,
  status: "RELEASED" | "SOLD",
): Promise<Reservation | undefined> {
  const { rows } = await tx.query<{ order_id: string; items: OrderItem[]; amount_cents: string }>({
    name: "inventory-settle-reservation",
    text: `UPDATE reservations SET status = $2, updated_at = now() WHERE order_id = $1 AND status = 'RESERVED'
           RETURNING order_id, items, amount_cents`,
    values: [orderId, status],
  });
  const row = rows[0];
  return row && { orderId: row.order_id, status, items: row.items, amountCents: Number(row.amount_cents) };
}

export async function upsertProduct(db: Pool, product: Pick<Product, "id" | "name" | "priceCents" | "initialStock">) {
  await db.query(
    `INSERT INTO products (id, name, price_cents, initial_stock, available) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (id) DO NOTHING`,
    [product.id, product.name, product.priceCents, product.initialStock],
  );
}
