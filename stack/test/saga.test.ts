import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import pg from "pg";
import { PORTS } from "../src/ports.js";
import { serviceEnv } from "../src/service-env.js";
import { devToken } from "../src/dev-token.js";
import { eventually, firebreak, url } from "./helpers.js";

const ORDERS = 200;
const PRODUCTS = ["sku-espresso", "sku-grinder", "sku-kettle", "sku-filter", "sku-scale"];

interface Order {
  id: string;
  status: string;
  cancelReason: string | null;
  amountCents: number | null;
}

async function query<T extends pg.QueryResultRow>(
  service: "orders" | "inventory" | "payments",
  sql: string,
  params: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: serviceEnv(service).DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function orderBody(i: number) {
  const items =
    i % 25 === 0
      ? [{ productId: "sku-last-one", quantity: 2 }]
      : [{ productId: PRODUCTS[i % PRODUCTS.length]!, quantity: 1 + (i % 3) }];
  return { customerId: `customer-${String((i % 50) + 1).padStart(4, "0")}`, items };
}

describe("the order saga end to end", () => {
  it("When a few hundred orders are placed through the gateway, then every one ends CONFIRMED or CANCELLED, stock is conserved and payments match", async () => {
    const customers = [...new Set(Array.from({ length: ORDERS }, (_, i) => orderBody(i).customerId))];
    const tokens = new Map(await Promise.all(customers.map(async (c) => [c, await devToken(c)] as const)));
    const before = await query<{ id: string; sold: number }>("inventory", "SELECT id, sold FROM products");
    const ids: string[] = [];
    for (let batch = 0; batch < ORDERS; batch += 20) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          fetch(url(PORTS.gateway, "/api/v1/orders"), {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "idempotency-key": `saga-test-${randomUUID()}`,
              authorization: `Bearer ${tokens.get(orderBody(batch + j).customerId)}`,
            },
            body: JSON.stringify(orderBody(batch + j)),
          }),
        ),
      );
      for (const response of responses) {
        expect(response.status).toBe(201);
        ids.push(((await response.json()) as Order).id);
      }
    }

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
  }, 300_000);
});
