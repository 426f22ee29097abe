import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createPool, withTransaction } from "@firebreak/platform";
import { adminRedisUrl, serviceEnv } from "@firebreak/stack/service-env";
import { authAs, OPERATOR } from "@firebreak/stack/testing";
import { readConfig } from "../src/config.js";
import { start } from "../src/start.js";
import { sagaHandler } from "../src/saga.js";

const applySagaEvent = sagaHandler(5);
const env = serviceEnv("orders", "test");
const pool = createPool(env.DATABASE_URL!);
const redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
/** Redis's admin, for what the test inspects in the cache (orders' own user may only GET and SET). */
const admin = new Redis(adminRedisUrl(), { maxRetriesPerRequest: 1 });
let server: Server;
let base: string;
/** A GET as `subject` (the order's customer unless another is named). */
const get = async (path: string, subject: string) => fetch(`${base}${path}`, { headers: await authAs(subject) });

let stop: () => Promise<void>;

beforeAll(async () => {
  // The service as its main starts it, over the test database, without the saga's consumer (which
  // would join the stack's own consumer group).
  const started = await start(readConfig(env), { background: false });
  stop = started.stop;
  server = started.app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await stop();
  redis.disconnect();
  admin.disconnect();
  await pool.end();
});

const order = (customerId = `customer-${randomUUID()}`) => ({
  customerId,
  items: [{ productId: "sku-1", quantity: 2 }],
});
/** Placed as the body's customer unless `as` names someone else. */
const post = async (body: unknown, headers: Record<string, string> = {}, as?: string) =>
  fetch(`${base}/api/v1/orders`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(await authAs(as ?? (body as { customerId?: string }).customerId ?? "customer-text")),
      ...headers,
    },
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

  it("When the Idempotency-Key header is empty or too short, then the 400 problem names the header and nothing is written", async () => {
    const body = order();
    for (const key of ["", "short"]) {
      const response = await post(body, { "idempotency-key": key });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { "invalid-params": { name: string }[] };
      expect(problem["invalid-params"].map((p) => p.name)).toEqual(["Idempotency-Key"]);
    }
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM orders WHERE customer_id = $1", [
      body.customerId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it("When a field carries a NUL, then the answer is a 400 problem naming it, not a 5xx", async () => {
    const body = { ...order(), items: [{ productId: "sku-\u0000", quantity: 1 }] };
    const response = await post(body);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { "invalid-params": { name: string }[] };
    expect(problem["invalid-params"].map((p) => p.name)).toEqual(["items.0.productId"]);
  });

  it("When the body carries fields the document does not name, then they are ignored: never stored, never in the event, and not part of the key's comparison", async () => {
    const key = `key-${randomUUID()}`;
    const body = order();
    const withExtras = { ...body, status: "CONFIRMED", amountCents: 1, items: [{ ...body.items[0], priceCents: 0 }] };
    const placed = await post(withExtras, { "idempotency-key": key });
    expect(placed.status).toBe(201);
    const created = (await placed.json()) as { id: string; status: string; amountCents: number | null; items: unknown };
    expect(created).toMatchObject({ status: "PENDING", amountCents: null, items: body.items });
    const { rows } = await pool.query("SELECT payload FROM outbox WHERE aggregateid = $1", [created.id]);
    expect(rows[0].payload).toEqual({ orderId: created.id, ...body });
    const retried = await post(body, { "idempotency-key": key });
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { id: string }).id).toBe(created.id);
  });

  it("When the body is not JSON, then the answer is a 400 problem", async () => {
    const response = await post("{not json");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  it("When an order completes, then reads show it and later reads come from the cache", async () => {
    const body = order();
    const placed = (await (await post(body)).json()) as { id: string };
    expect(
      ((await (await get(`/api/v1/orders/${placed.id}`, body.customerId)).json()) as { status: string }).status,
    ).toBe("PENDING");
    expect(await admin.exists(`orders:order:${placed.id}`)).toBe(0);
    await withTransaction(pool, (tx) =>
      applySagaEvent(
        {
          id: randomUUID(),
          type: "PaymentAuthorized",
          aggregateId: placed.id,
          topic: "t",
          occurredMs: Date.now(),
          payload: { orderId: placed.id, amountCents: 1234 },
        },
        tx,
      ),
    );
    const confirmed = (await (await get(`/api/v1/orders/${placed.id}`, body.customerId)).json()) as {
      status: string;
      amountCents: number;
    };
    expect(confirmed).toMatchObject({ status: "CONFIRMED", amountCents: 1234 });
    expect(JSON.parse((await redis.get(`orders:order:${placed.id}`))!)).toMatchObject({ status: "CONFIRMED" });
  });

  it("When a terminal order gets another saga event, then it does not change", async () => {
    const body = order();
    const placed = (await (await post(body)).json()) as { id: string };
    const event = (type: string) => ({
      id: randomUUID(),
      type,
      aggregateId: placed.id,
      topic: "t",
      occurredMs: Date.now(),
      payload: { orderId: placed.id },
    });
    await withTransaction(pool, (tx) => applySagaEvent(event("StockRejected"), tx));
    await withTransaction(pool, (tx) =>
      applySagaEvent({ ...event("PaymentAuthorized"), payload: { orderId: placed.id, amountCents: 5 } }, tx),
    );
    const final = (await (await get(`/api/v1/orders/${placed.id}`, body.customerId)).json()) as {
      status: string;
      cancelReason: string;
    };
    expect(final).toMatchObject({ status: "CANCELLED", cancelReason: "out_of_stock" });
  });

  it("When a customer's orders are listed, then the newest come first", async () => {
    const customerId = `customer-${randomUUID()}`;
    const first = (await (await post(order(customerId))).json()) as { id: string };
    const second = (await (await post(order(customerId))).json()) as { id: string };
    const listed = (await (await get(`/api/v1/orders?customerId=${customerId}`, customerId)).json()) as {
      orders: { id: string }[];
    };
    expect(listed.orders.map((o) => o.id)).toEqual([second.id, first.id]);
  });

  it("When an order id is malformed or unknown, then the answer names the field", async () => {
    expect((await get(`/api/v1/orders/not-a-uuid`, "customer-x")).status).toBe(400);
    const unknown = await get(`/api/v1/orders/${randomUUID()}`, "customer-x");
    expect(unknown.status).toBe(404);
  });

  it("When readiness is asked, then it reports PostgreSQL", async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { postgres: "ok" } });
  });
});

describe("who may see what", () => {
  it("When a request comes without a token, as a service reached around the gateway, then it is 401", async () => {
    const customerId = `customer-${randomUUID()}`;
    expect((await fetch(`${base}/api/v1/orders?customerId=${customerId}`)).status).toBe(401);
    const placed = await fetch(`${base}/api/v1/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(order(customerId)),
    });
    expect(placed.status).toBe(401);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM orders WHERE customer_id = $1", [customerId]);
    expect(rows[0].n).toBe(0);
  });

  it("When a customer places an order for someone else, then it is 403 naming customerId and nothing is written", async () => {
    const victim = `customer-${randomUUID()}`;
    const response = await post(order(victim), {}, `customer-${randomUUID()}`);
    expect(response.status).toBe(403);
    const problem = (await response.json()) as { "invalid-params": { name: string }[] };
    expect(problem["invalid-params"].map((p) => p.name)).toEqual(["customerId"]);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM orders WHERE customer_id = $1", [victim]);
    expect(rows[0].n).toBe(0);
  });

  it("When a customer reads someone else's order, then it is 404 like an unknown one; the owner and an operator read it", async () => {
    const body = order();
    const placed = (await (await post(body)).json()) as { id: string };
    const stranger = await get(`/api/v1/orders/${placed.id}`, `customer-${randomUUID()}`);
    const unknown = await get(`/api/v1/orders/${randomUUID()}`, `customer-${randomUUID()}`);
    expect(stranger.status).toBe(404);
    expect(((await stranger.json()) as { type: string }).type).toBe(((await unknown.json()) as { type: string }).type);
    // Now cached, and still not the stranger's.
    expect((await get(`/api/v1/orders/${placed.id}`, body.customerId)).status).toBe(200);
    expect((await get(`/api/v1/orders/${placed.id}`, `customer-${randomUUID()}`)).status).toBe(404);
    expect((await get(`/api/v1/orders/${placed.id}`, OPERATOR)).status).toBe(200);
  });

  it("When orders are listed, then a customer gets their own, not another's; an operator names the customer (403 without one)", async () => {
    const body = order();
    const placed = (await (await post(body)).json()) as { id: string };
    const own = (await (await get(`/api/v1/orders`, body.customerId)).json()) as { orders: { id: string }[] };
    expect(own.orders.map((o) => o.id)).toEqual([placed.id]);
    expect((await get(`/api/v1/orders?customerId=${body.customerId}`, `customer-${randomUUID()}`)).status).toBe(403);
    const asOperator = await get(`/api/v1/orders?customerId=${body.customerId}`, OPERATOR);
    expect(((await asOperator.json()) as { orders: { id: string }[] }).orders.map((o) => o.id)).toEqual([placed.id]);
    const unnamed = await get(`/api/v1/orders`, OPERATOR);
    expect(unnamed.status).toBe(403);
    expect(((await unnamed.json()) as { "invalid-params": { name: string }[] })["invalid-params"][0]!.name).toBe(
      "customerId",
    );
  });
});
