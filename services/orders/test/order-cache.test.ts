import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createLogger } from "@firebreak/platform";
import { PORTS } from "@firebreak/stack/ports";
import { serviceRedisUrl } from "@firebreak/stack/service-env";
import { linkTo } from "@firebreak/stack/testing";
import { OrderCache } from "../src/order-cache.js";
import type { Order } from "../src/orders.schema.js";

const link = await linkTo(PORTS.redis);
// As main.ts builds it, with a short deadline so that the test is quick.
const redis = new Redis(serviceRedisUrl("orders", link.port), {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  commandTimeout: 200,
});
redis.on("error", () => undefined);
// Without an offline queue a command before the connection is ready fails at once.
if (redis.status !== "ready") await once(redis, "ready");
afterAll(async () => {
  redis.disconnect();
  await link.close();
});

const order = (id: string): Order => ({
  id,
  customerId: "customer-0001",
  status: "CONFIRMED",
  items: [{ productId: "sku-espresso", quantity: 1 }],
  amountCents: 350,
  cancelReason: null,
  createdAt: new Date().toISOString(),
  completedAt: new Date().toISOString(),
});

describe("the order cache", () => {
  it("When Redis stops answering but keeps the connection open, then a read falls through at its deadline instead of hanging", async () => {
    const cache = new OrderCache(redis, 60, createLogger("cache-test", "silent"));
    const id = randomUUID();
    await cache.put(order(id));
    expect((await cache.get(id))?.id).toBe(id);
    await link.blackHole();
    try {
      const started = Date.now();
      expect(await cache.get(id)).toBeUndefined();
      await cache.put(order(randomUUID()));
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await link.heal();
    }
  });
});
