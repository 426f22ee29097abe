import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createLogger, createPool, migrate, PLATFORM_MIGRATIONS, withTransaction } from "@firebreak/platform";
import { serviceEnv } from "@firebreak/stack/service-env";
import { createApp } from "../src/app.js";
import { OrderCache } from "../src/order-cache.js";
import { applySagaEvent } from "../src/saga.js";

const env = serviceEnv("orders", "test");
const pool = createPool(env.DATABASE_URL!);
const redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const logger = createLogger("orders-test", "silent");
let server: Server;
let base: string;

beforeAll(async () => {
  await migrate(pool, [
    { prefix: "platform", dir: PLATFORM_MIGRATIONS },
    { prefix: "orders", dir: join(dirname(fileURLToPath(import.meta.url)), "..", "src", "migrations") },
  ]);
  const app = createApp({
    pool,
    cache: new OrderCache(redis, 60, logger),
    logger,
    readiness: { postgres: () => pool.query("SELECT 1") },
    isShuttingDown: () => false,
  });
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  redis.disconnect();
  await pool.end();
});

const order = (customerId = `customer-${randomUUID()}`) => ({
  customerId,
  items: [{ productId: "sku-1", quantity: 2 }],
});
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("orders API", () => {
  it("When an order is placed, then it is PENDING and its OrderPlaced event is in the outbox in the same transaction", async () => {
    const response = await post(order());
    expect(response.status).toBe(201);
    const placed = (await response.json()) as { id: string; status: string };
    expect(placed.status).toBe("PENDING");
    const { rows } = await pool.query("SELECT type, aggregatetype, payload FROM outbox WHERE aggregateid = $1", [
      placed.id,
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        type: "OrderPlaced",
        aggregatetype: "order",
        payload: expect.objectContaining({ orderId: placed.id }),
      }),
    ]);
  });

  it("When the same Idempotency-Key is sent twice, then one order exists and the retry gets it back", async () => {
    const key = `key-${randomUUID()}`;
    const body = order();
    const [first, second] = await Promise.all([
      post(body, { "idempotency-key": key }),
      post(body, { "idempotency-key": key }),
    ]);
    const ids = [((await first.json()) as { id: string }).id, ((await second.json()) as { id: string }).id];
    expect(ids[0]).toBe(ids[1]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM outbox WHERE aggregateid = $1", [ids[0]]);
    expect(rows[0].n).toBe(1);
  });

  it("When an Idempotency-Key is reused with another body, then it is refused with 422", async () => {
    const key = `key-${randomUUID()}`;
    expect((await post(order(), { "idempotency-key": key })).status).toBe(201);
    const reused = await post(order(), { "idempotency-key": key });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { "invalid-params": { name: string }[] })["invalid-params"][0]!.name).toBe(
      "Idempotency-Key",
    );
  });

  it("When the body is invalid, then the answer is a 400 problem naming the field", async () => {
    const response = await post({ customerId: "c", items: [{ productId: "p", quantity: 0 }] });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { "invalid-params": { name: string }[] };
    expect(problem["invalid-params"].map((p) => p.name)).toEqual(["items.0.quantity"]);
  });

  it("When the body is not JSON, then the answer is a 400 problem", async () => {
    const response = await post("{not json");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  it("When an order completes, then reads show it and later reads come from the cache", async () => {
    const placed = (await (await post(order())).json()) as { id: string };
    expect(((await (await fetch(`${base}/api/v1/orders/${placed.id}`)).json()) as { status: string }).status).toBe(
      "PENDING",
    );
    expect(await redis.exists(`orders:order:${placed.id}`)).toBe(0);
    await withTransaction(pool, (tx) =>
      applySagaEvent(
        {
          id: randomUUID(),
          type: "PaymentAuthorized",
          aggregateId: placed.id,
          topic: "t",
          payload: { orderId: placed.id, amountCents: 1234 },
        },
        tx,
      ),
    );
    const confirmed = (await (await fetch(`${base}/api/v1/orders/${placed.id}`)).json()) as {
      status: string;
      amountCents: number;
    };
    expect(confirmed).toMatchObject({ status: "CONFIRMED", amountCents: 1234 });
    expect(JSON.parse((await redis.get(`orders:order:${placed.id}`))!)).toMatchObject({ status: "CONFIRMED" });
  });

  it("When a terminal order gets another saga event, then it does not change", async () => {
    const placed = (await (await post(order())).json()) as { id: string };
    const event = (type: string) => ({
      id: randomUUID(),
      type,
      aggregateId: placed.id,
      topic: "t",
      payload: { orderId: placed.id },
    });
    await withTransaction(pool, (tx) => applySagaEvent(event("StockRejected"), tx));
    await withTransaction(pool, (tx) =>
      applySagaEvent({ ...event("PaymentAuthorized"), payload: { orderId: placed.id, amountCents: 5 } }, tx),
    );
    const final = (await (await fetch(`${base}/api/v1/orders/${placed.id}`)).json()) as {
      status: string;
      cancelReason: string;
    };
    expect(final).toMatchObject({ status: "CANCELLED", cancelReason: "out_of_stock" });
  });

  it("When a customer's orders are listed, then the newest come first", async () => {
    const customerId = `customer-${randomUUID()}`;
    const first = (await (await post(order(customerId))).json()) as { id: string };
    const second = (await (await post(order(customerId))).json()) as { id: string };
    const listed = (await (await fetch(`${base}/api/v1/orders?customerId=${customerId}`)).json()) as {
      orders: { id: string }[];
    };
    expect(listed.orders.map((o) => o.id)).toEqual([second.id, first.id]);
  });

  it("When an order id is malformed or unknown, then the answer names the field", async () => {
    expect((await fetch(`${base}/api/v1/orders/not-a-uuid`)).status).toBe(400);
    const unknown = await fetch(`${base}/api/v1/orders/${randomUUID()}`);
    expect(unknown.status).toBe(404);
  });

  it("When readiness is asked, then it reports PostgreSQL", async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { postgres: "ok" } });
  });
});
