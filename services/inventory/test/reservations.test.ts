import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, withTransaction } from "@firebreak/platform";
import { serviceEnv } from "@firebreak/stack/service-env";
import { migrateTestDatabase } from "@firebreak/stack/service-migrations";
import { handleInventoryEvent } from "../src/reservations.js";
import { findProduct, upsertProduct } from "../src/inventory.repo.js";

const pool = createPool(serviceEnv("inventory", "test").DATABASE_URL!, 20);

beforeAll(() => migrateTestDatabase("inventory"));
afterAll(() => pool.end());

async function newProduct(stock: number, priceCents = 250): Promise<string> {
  const id = `test-${randomUUID()}`;
  await upsertProduct(pool, { id, name: "test product", priceCents, initialStock: stock });
  return id;
}

/** When every event of these tests happened; an OrderPlaced's is passed on as its order's placement time. */
const OCCURRED_MS = Date.UTC(2026, 11, 4, 12);
const event = (type: string, payload: object) => ({
  id: randomUUID(),
  type,
  aggregateId: "",
  topic: "t",
  payload,
  occurredMs: OCCURRED_MS,
});
const handle = (type: string, payload: object) =>
  withTransaction(pool, (tx) => handleInventoryEvent(event(type, payload), tx));
const eventsFor = async (orderId: string) =>
  (await pool.query("SELECT type, payload FROM outbox WHERE aggregateid = $1 ORDER BY created_at", [orderId])).rows;

describe("stock reservations", () => {
  it("When many orders race for the last unit, then exactly one reserves it", async () => {
    const productId = await newProduct(1);
    const orders = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(orders.map((orderId) => handle("OrderPlaced", { orderId, items: [{ productId, quantity: 1 }] })));
    const { rows } = await pool.query(
      "SELECT status, count(*)::int AS n FROM reservations WHERE order_id = ANY($1) GROUP BY status",
      [orders],
    );
    expect(Object.fromEntries(rows.map((r) => [r.status, r.n]))).toEqual({ RESERVED: 1, REJECTED: 11 });
    expect(await findProduct(pool, productId)).toMatchObject({ available: 0, reserved: 1, sold: 0 });
  });

  it("When an order is reserved and paid, then stock moves to sold and StockReserved carries the amount, the customer and the placement time", async () => {
    const productId = await newProduct(5, 300);
    const orderId = randomUUID();
    await handle("OrderPlaced", { orderId, customerId: "customer-0042", items: [{ productId, quantity: 2 }] });
    expect(await eventsFor(orderId)).toEqual([
      {
        type: "StockReserved",
        payload: {
          orderId,
          amountCents: 600,
          items: [{ productId, quantity: 2 }],
          customerId: "customer-0042",
          placedAtMs: OCCURRED_MS,
        },
      },
    ]);
    await handle("PaymentAuthorized", { orderId, amountCents: 600 });
    expect(await findProduct(pool, productId)).toMatchObject({ initialStock: 5, available: 3, reserved: 0, sold: 2 });
  });

  it("When payment is declined, then the reservation is released (compensation) once", async () => {
    const productId = await newProduct(3);
    const orderId = randomUUID();
    await handle("OrderPlaced", { orderId, items: [{ productId, quantity: 3 }] });
    await handle("PaymentDeclined", { orderId });
    await handle("PaymentDeclined", { orderId });
    expect(await findProduct(pool, productId)).toMatchObject({ available: 3, reserved: 0, sold: 0 });
    expect((await eventsFor(orderId)).map((e) => e.type)).toEqual(["StockReserved", "StockReleased"]);
  });

  it("When a product is unknown or short, then the order is rejected and nothing is held", async () => {
    const productId = await newProduct(1);
    const unknown = randomUUID();
    const short = randomUUID();
    await handle("OrderPlaced", { orderId: unknown, items: [{ productId: "no-such-product", quantity: 1 }] });
    await handle("OrderPlaced", {
      orderId: short,
      items: [
        { productId, quantity: 1 },
        { productId, quantity: 1 },
      ],
    });
    expect(await eventsFor(unknown)).toEqual([
      { type: "StockRejected", payload: { orderId: unknown, reason: "unknown_product", placedAtMs: OCCURRED_MS } },
    ]);
    expect(await eventsFor(short)).toEqual([
      { type: "StockRejected", payload: { orderId: short, reason: "out_of_stock", placedAtMs: OCCURRED_MS } },
    ]);
    expect(await findProduct(pool, productId)).toMatchObject({ available: 1, reserved: 0 });
  });

  it("When the same OrderPlaced is handled twice, then stock is reserved once", async () => {
    const productId = await newProduct(4);
    const orderId = randomUUID();
    await handle("OrderPlaced", { orderId, items: [{ productId, quantity: 1 }] });
    await handle("OrderPlaced", { orderId, items: [{ productId, quantity: 1 }] });
    expect(await findProduct(pool, productId)).toMatchObject({ available: 3, reserved: 1 });
  });

  it("When one transaction handles a batch that moves the same product, then each event sees the moves before it and stock stays conserved", async () => {
    const productId = await newProduct(5);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const line = [{ productId, quantity: 2 }];
    await withTransaction(pool, async (tx) => {
      for (const [type, payload] of [
        ["OrderPlaced", { orderId: a, items: line }],
        ["OrderPlaced", { orderId: b, items: line }],
        ["OrderPlaced", { orderId: c, items: line }],
        ["PaymentAuthorized", { orderId: a, amountCents: 500 }],
        ["PaymentDeclined", { orderId: b }],
      ] as const)
        await handleInventoryEvent(event(type, payload), tx);
    });
    expect((await eventsFor(a)).map((e) => e.type)).toEqual(["StockReserved"]);
    expect((await eventsFor(b)).map((e) => e.type).sort()).toEqual(["StockReleased", "StockReserved"]);
    expect(await eventsFor(c)).toEqual([
      { type: "StockRejected", payload: { orderId: c, reason: "out_of_stock", placedAtMs: OCCURRED_MS } },
    ]);
    expect(await findProduct(pool, productId)).toMatchObject({ initialStock: 5, available: 3, reserved: 0, sold: 2 });
  });

  it("When a batch's transaction fails, then none of its stock moves are kept", async () => {
    const productId = await newProduct(2);
    await expect(
      withTransaction(pool, async (tx) => {
        await handleInventoryEvent(
          event("OrderPlaced", { orderId: randomUUID(), items: [{ productId, quantity: 2 }] }),
          tx,
        );
        await handleInventoryEvent(event("OrderPlaced", { orderId: "not-a-uuid" }), tx);
      }),
    ).rejects.toThrow(/OrderPlaced payload/);
    expect(await findProduct(pool, productId)).toMatchObject({ available: 2, reserved: 0, sold: 0 });
  });

  it("When an event payload is malformed, then it is a poison event", async () => {
    await expect(handle("OrderPlaced", { orderId: "nope" })).rejects.toThrow(/OrderPlaced payload/);
  });
});
