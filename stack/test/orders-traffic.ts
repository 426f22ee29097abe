import { randomUUID } from "node:crypto";
import { PORTS } from "../src/native/ports.js";
import { devToken } from "../src/credentials/dev-token.js";
import { eventually, url } from "./helpers.js";
import { queryService } from "../src/native/service-env.js";

const PRODUCTS = ["sku-espresso", "sku-grinder", "sku-kettle", "sku-filter", "sku-scale"];
const CONCURRENCY = 20;

export { queryService as query } from "../src/native/service-env.js";

/** Order i of a test run: one in 25 asks for two of the single-unit product, so it is out of stock. */
export function orderBody(i: number) {
  const items =
    i % 25 === 0
      ? [{ productId: "sku-last-one", quantity: 2 }]
      : [{ productId: PRODUCTS[i % PRODUCTS.length]!, quantity: 1 + (i % 3) }];
  return { customerId: `customer-${String((i % 50) + 1).padStart(4, "0")}`, items };
}

/** Places `count` orders through the gateway, 20 at a time, each with its customer's token; returns their ids in order. */
export async function placeOrders(count: number): Promise<string[]> {
  const customers = [...new Set(Array.from({ length: Math.min(count, 50) }, (_, i) => orderBody(i).customerId))];
  const tokens = new Map(await Promise.all(customers.map(async (c) => [c, await devToken(c)] as const)));
  const ids: string[] = [];
  for (let batch = 0; batch < count; batch += CONCURRENCY) {
    const bodies = Array.from({ length: Math.min(CONCURRENCY, count - batch) }, (_, j) => orderBody(batch + j));
    const responses = await Promise.all(
      bodies.map((body) =>
        fetch(url(PORTS.gateway, "/api/v1/orders"), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "idempotency-key": `test-${randomUUID()}`,
            authorization: `Bearer ${tokens.get(body.customerId)}`,
          },
          body: JSON.stringify(body),
        }),
      ),
    );
    for (const response of responses) {
      if (response.status !== 201) throw new Error(`order refused: ${response.status} ${await response.text()}`);
      ids.push(((await response.json()) as { id: string }).id);
    }
  }
  return ids;
}

/**
 * Waits until no order is PENDING, so that sagas started by earlier test files cannot move shared
 * counters (units sold, amounts authorised) while a test measures them.
 */
export async function settleSagas(): Promise<void> {
  await eventually(
    async () => {
      const [row] = await queryService<{ pending: string }>(
        "orders",
        "SELECT count(*) AS pending FROM orders WHERE status = 'PENDING'",
      );
      return Number(row!.pending) === 0 ? true : undefined;
    },
    180_000,
    "earlier orders reaching a terminal state",
  );
}
