import { CATALOGUE } from "../native/seed.js";
import { queryService } from "../native/service-env.js";

type Query = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Puts every seeded product's available stock back to its seeded value, so that a long run cannot
 * drift onto the cheaper StockRejected path. Units already reserved or sold stay as they are, and
 * initial_stock rises by what they hold: the conservation that `verify` checks
 * (initial = available + reserved + sold) still holds. One statement per product, each atomic with
 * respect to the reservations that may still be settling.
 */
export async function resetStock(query: Query): Promise<void> {
  for (const product of CATALOGUE) {
    await query(
      `UPDATE products SET available = $2, initial_stock = $2 + reserved + sold WHERE id = $1 AND available <> $2`,
      [product.id, product.initialStock],
    );
  }
}

/** Resets the stack's own inventory database, as the inventory role (as the seed runs). */
export const resetStackStock = () => resetStock((sql, params) => queryService("inventory", sql, params));
