import { describe, expect, it } from "vitest";
import { clickhouse, eventually, firebreak } from "../helpers.js";
import { orderBody, placeOrders, query, settleSagas } from "../orders-traffic.js";

const ORDERS = 200;
describe("the order saga end to end", () => {
  it("When a few hundred orders are placed through the gateway, then every one ends CONFIRMED or CANCELLED, stock is conserved and payments match", async () => {
    await settleSagas();
    const before = await query<{ id: string; sold: number }>("inventory", "SELECT id, sold FROM products");
    const ids = await placeOrders(ORDERS);
    expect(ids).toHaveLength(ORDERS);

    const finals = await eventually(
      async () => {
        const rows = await query<{
          id: string;
          status: string;
          cancel_reason: string | null;
          amount_cents: string | null;
        }>("orders", "SELECT id, status, cancel_reason, amount_cents FROM orders WHERE id = ANY($1)", [ids]);
        return rows.every((row) => row.status !== "PENDING") ? rows : undefined;
      },
      120_000,
      `all ${ORDERS} orders reaching a terminal state`,
    );
    expect(finals).toHaveLength(ORDERS);
    const reasons = new Map<string, number>();
    for (const row of finals) {
      const key = row.status === "CONFIRMED" ? "CONFIRMED" : `CANCELLED:${row.cancel_reason}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    expect(reasons.get("CONFIRMED")).toBeGreaterThan(ORDERS / 2);
    expect(reasons.get("CANCELLED:out_of_stock")).toBeGreaterThanOrEqual(ORDERS / 25 - 1);
    expect(reasons.get("CANCELLED:payment_declined")).toBeGreaterThan(0);

    const stock = await query<{ id: string; initial_stock: number; available: number; reserved: number; sold: number }>(
      "inventory",
      "SELECT id, initial_stock, available, reserved, sold FROM products",
    );
    for (const product of stock) {
      expect(product.available + product.reserved + product.sold, product.id).toBe(product.initial_stock);
    }
    const soldNow = stock.reduce((sum, p) => sum + p.sold, 0);
    const soldBefore = before.reduce((sum, p) => sum + p.sold, 0);
    const confirmedUnits = finals
      .filter((row) => row.status === "CONFIRMED")
      .reduce((sum, row) => sum + orderBody(ids.indexOf(row.id)).items[0]!.quantity, 0);
    expect(soldNow - soldBefore).toBe(confirmedUnits);

    const confirmedCents = finals
      .filter((r) => r.status === "CONFIRMED")
      .reduce((sum, r) => sum + Number(r.amount_cents), 0);
    const [paid] = await query<{ cents: string }>(
      "payments",
      "SELECT coalesce(sum(amount_cents), 0) AS cents FROM payments WHERE status = 'AUTHORIZED' AND order_id = ANY($1)",
      [ids],
    );
    expect(Number(paid!.cents)).toBe(confirmedCents);

    const verified = firebreak("verify", "--json", "--drain-timeout", "120");
    const verdict = JSON.parse(verified.stdout) as {
      valid: boolean;
      counts: Record<string, number>;
      ordersChecked: number;
    };
    expect(verdict.counts).toEqual({ lost: 0, duplicated: 0, unexpected: 0, stuck: 0, stock: 0, payments: 0 });
    expect(verdict.ordersChecked).toBeGreaterThanOrEqual(ORDERS);
    expect(verified.code).toBe(0);

    // verify drained every consumer, analytics included, so ClickHouse holds everything by now.
    const ch = clickhouse();
    const idList = ids.map((id) => `'${id}'`).join(",");
    const counted = await (
      await ch.query({
        query: `SELECT event_type, uniqExact(aggregate_id) AS orders FROM firebreak.events
                 WHERE aggregate_id IN (${idList}) AND event_type IN ('OrderPlaced', 'PaymentAuthorized')
                 GROUP BY event_type ORDER BY event_type`,
        format: "JSONEachRow",
      })
    ).json<{ event_type: string; orders: string }>();
    await ch.close();
    expect(counted.map((r) => [r.event_type, Number(r.orders)])).toEqual([
      ["OrderPlaced", ORDERS],
      ["PaymentAuthorized", reasons.get("CONFIRMED")],
    ]);
  }, 300_000);
});
