import { pollQuietly } from "@firebreak/platform";
import { queryService } from "../native/service-env.js";

/** The orders placed in a window, as the orders database recorded them, by how far their saga got. */
export interface OrderCounts {
  placed: number;
  confirmed: number;
  cancelled: number;
  /** Cancelled for want of stock: the cheaper path that a stock reset keeps out of the measure. */
  outOfStock: number;
  /** Still undecided when counted (counted right after the window). */
  pending: number;
}

const seconds = (ms: number) => ms / 1000;

export async function ordersBetween(startMs: number, endMs: number): Promise<OrderCounts> {
  const [row] = await queryService<{ [K in keyof OrderCounts]: number }>(
    "orders",
    `SELECT count(*)::int AS placed,
            (count(*) FILTER (WHERE status = 'CONFIRMED'))::int AS confirmed,
            (count(*) FILTER (WHERE status = 'CANCELLED'))::int AS cancelled,
            (count(*) FILTER (WHERE cancel_reason = 'out_of_stock'))::int AS "outOfStock",
            (count(*) FILTER (WHERE status = 'PENDING'))::int AS pending
       FROM orders WHERE created_at >= to_timestamp($1) AND created_at < to_timestamp($2)`,
    [seconds(startMs), seconds(endMs)],
  );
  return row ?? { placed: 0, confirmed: 0, cancelled: 0, outOfStock: 0, pending: 0 };
}

/**
 * Waits until every order placed since `sinceMs` is decided, so that the next window does not pay
 * for this one's backlog; gives up after `timeoutMs`. Resolves to the seconds waited and what is left.
 */
export async function waitForDrain(sinceMs: number, timeoutMs: number): Promise<{ seconds: number; left: number }> {
  const started = Date.now();
  let left = 0;
  await pollQuietly(
    async () => {
      const [row] = await queryService<{ pending: number }>(
        "orders",
        "SELECT count(*)::int AS pending FROM orders WHERE status = 'PENDING' AND created_at >= to_timestamp($1)",
        [seconds(sinceMs)],
      );
      left = row?.pending ?? 0;
      return left === 0;
    },
    { timeoutMs, intervalMs: 2_000 },
  );
  return { seconds: Number(((Date.now() - started) / 1000).toFixed(1)), left };
}
