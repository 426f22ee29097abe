import type { Pool } from "@firebreak/platform";

/** The product catalogue every stack starts with; `up` inserts what is missing and never resets stock. */
export const CATALOGUE = [
  { id: "sku-espresso", name: "Espresso beans, 1 kg", priceCents: 2_450, initialStock: 1_000_000 },
  { id: "sku-grinder", name: "Burr grinder", priceCents: 12_900, initialStock: 250_000 },
  { id: "sku-kettle", name: "Gooseneck kettle", priceCents: 6_500, initialStock: 500_000 },
  { id: "sku-filter", name: "Paper filters, 100", priceCents: 450, initialStock: 2_000_000 },
  { id: "sku-scale", name: "Brew scale", priceCents: 3_900, initialStock: 400_000 },
  { id: "sku-last-one", name: "Limited-edition mug (one in stock)", priceCents: 9_900, initialStock: 1 },
];

/** Synthetic customers that load tests and examples order as. */
export const CUSTOMERS = Array.from({ length: 1_000 }, (_, i) => `customer-${String(i + 1).padStart(4, "0")}`);

export async function seedInventory(pool: Pool): Promise<void> {
  for (const product of CATALOGUE) {
    await pool.query(
      `INSERT INTO products (id, name, price_cents, initial_stock, available) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (id) DO NOTHING`,
      [product.id, product.name, product.priceCents, product.initialStock],
    );
  }
}

export async function seedCustomers(pool: Pool): Promise<void> {
  await pool.query(
    `INSERT INTO customers (id, name) SELECT id, 'Synthetic customer ' || right(id, 4) FROM unnest($1::text[]) AS id
     ON CONFLICT (id) DO NOTHING`,
    [CUSTOMERS],
  );
}
