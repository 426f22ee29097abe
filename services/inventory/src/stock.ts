import { atCommit, type Tx } from "@firebreak/platform";
import { applyStockChanges, lockProducts, type StockChange } from "./inventory.repo.js";
import type { OrderItem, Product } from "./inventory.schema.js";

type Column = "available" | "reserved" | "sold";

/**
 * One transaction's view of the stock. A batch of events moves the same few products' stock many
 * times; the moves add up here and reach the table once per product, just before COMMIT, instead of
 * one UPDATE (and one row version) per line of every order. Reads see the moves made so far.
 */
class StockLedger {
  private readonly locked = new Map<string, Product>();
  private readonly changes = new Map<string, StockChange>();

  constructor(private readonly tx: Tx) {}

  /** The products, locked until COMMIT so that no other reservation can oversell them, as this transaction's moves left them. */
  async lock(ids: string[]): Promise<Map<string, Product>> {
    const missing = ids.filter((id) => !this.locked.has(id));
    if (missing.length > 0)
      for (const [id, product] of await lockProducts(this.tx, missing)) this.locked.set(id, product);
    const products = new Map<string, Product>();
    for (const id of ids) {
      const product = this.locked.get(id);
      if (product) products.set(id, this.afterChanges(product));
    }
    return products;
  }

  /** Moves each line's quantity from one stock column to another. */
  move(items: OrderItem[], from: Column, to: Column): void {
    for (const { productId, quantity } of items) {
      const change = this.changes.get(productId) ?? { productId, available: 0, reserved: 0, sold: 0 };
      change[from] -= quantity;
      change[to] += quantity;
      this.changes.set(productId, change);
    }
  }

  async flush(): Promise<void> {
    if (this.changes.size > 0) await applyStockChanges(this.tx, [...this.changes.values()]);
  }

  private afterChanges(product: Product): Product {
    const change = this.changes.get(product.id);
    if (!change) return product;
    return {
      ...product,
      available: product.available + change.available,
      reserved: product.reserved + change.reserved,
      sold: product.sold + change.sold,
    };
  }
}

const STOCK = Symbol("stock ledger");

/** The transaction's stock ledger, written to the products table just before the transaction commits. */
export const stockOf = (tx: Tx): StockLedger =>
  atCommit(
    tx,
    STOCK,
    () => new StockLedger(tx),
    (ledger) => ledger.flush(),
  );
