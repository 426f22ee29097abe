import { randomBytes } from "node:crypto";
import type { Pool } from "@firebreak/platform";
import { queryService } from "./service-env.js";

/** The product catalogue every stack starts with; `up` inserts what is missing and never resets stock. */
export const CATALOGUE = [
  { id: "sku-espresso", name: "Espresso beans, 1 kg", priceCents: 2_450, initialStock: 1_000_000 },
  { id: "sku-grinder", name: "Burr grinder", priceCents: 12_900, initialStock: 250_000 },
  { id: "sku-kettle", name: "Gooseneck kettle", priceCents: 6_500, initialStock: 500_000 },
  { id: "sku-filter", name: "Paper filters, 100", priceCents: 450, initialStock: 2_000_000 },
  { id: "sku-scale", name: "Brew scale", priceCents: 3_900, initialStock: 400_000 },
  { id: "sku-last-one", name: "Limited-edition mug (one in stock)", priceCents: 9_900, initialStock: 1 },
];

/** How many synthetic customers every stack has, for load tests and examples to order as. */
export const SYNTHETIC_CUSTOMERS = 1_000;

/**
 * 96 random bits per id, so that knowing one customer's id says nothing about another's. The tools
 * read the ids back from the orders database (syntheticCustomers), so nothing else keeps a list.
 */
export const newCustomerId = () => `customer-${randomBytes(12).toString("hex")}`;

export async function seedInventory(pool: Pool): Promise<void> {
  for (const product of CATALOGUE) {
    await pool.query(
      `INSERT INTO products (id, name, price_cents, initial_stock, available) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (id) DO NOTHING`,
      [product.id, product.name, product.priceCents, product.initialStock],
    );
  }
}

/** Tops the customers up to SYNTHETIC_CUSTOMERS; a stack seeded before keeps the ids it has. */
export async function seedCustomers(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM customers");
  const missing = Math.max(0, SYNTHETIC_CUSTOMERS - rows[0]!.n);
  await pool.query(
    `INSERT INTO customers (id, name) SELECT id, 'Synthetic customer ' || right(id, 6) FROM unnest($1::text[]) AS id
     ON CONFLICT (id) DO NOTHING`,
    [Array.from({ length: missing }, newCustomerId)],
  );
}

/** The first `count` synthetic customers, in a fixed order, read as the orders service's role. */
export async function syntheticCustomers(count: number): Promise<string[]> {
  const rows = await queryService<{ id: string }>("orders", "SELECT id FROM customers ORDER BY id LIMIT $1", [count]);
  if (rows.length === 0) throw new Error("the orders database has no customers: run firebreak up first");
  return rows.map((row) => row.id);
}
