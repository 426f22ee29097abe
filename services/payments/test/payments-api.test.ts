import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, withTransaction } from "@firebreak/platform";
import { serviceEnv } from "@firebreak/stack/service-env";
import { authAs, OPERATOR } from "@firebreak/stack/testing";
import { readConfig } from "../src/config.js";
import { start } from "../src/start.js";
import { insertPayment } from "../src/payments.repo.js";

const env = serviceEnv("payments", "test");
const pool = createPool(env.DATABASE_URL!);
let server: Server;
let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  // The service as its main starts it, over the test database, without its consumer and reconciler
  // (which would join the stack's consumer group and call the provider): this API never calls it.
  const config = readConfig({ ...env, PSP_URL: "http://127.0.0.1:9", PSP_API_KEY: "not-called-by-these-tests" });
  const started = await start(config, { background: false });
  stop = started.stop;
  server = started.app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await stop();
  await pool.end();
});

async function paymentOf(customerId: string | null): Promise<string> {
  const orderId = randomUUID();
  await withTransaction(pool, (tx) =>
    insertPayment(tx, {
      orderId,
      customerId,
      status: "AUTHORIZED",
      amountCents: 1200,
      reason: null,
      pspReference: "r",
      voidPending: false,
    }),
  );
  return orderId;
}

const get = async (path: string, subject?: string) =>
  fetch(`${base}${path}`, subject ? { headers: await authAs(subject) } : {});

describe("who may read a payment", () => {
  it("When the order's customer asks, then they get it; another customer gets 404 as for an unknown order; an operator gets any", async () => {
    const customer = `customer-${randomUUID()}`;
    const orderId = await paymentOf(customer);
    const own = await get(`/api/v1/payments/${orderId}`, customer);
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ orderId, customerId: customer, status: "AUTHORIZED" });
    const stranger = await get(`/api/v1/payments/${orderId}`, `customer-${randomUUID()}`);
    const unknown = await get(`/api/v1/payments/${randomUUID()}`, customer);
    expect([stranger.status, unknown.status]).toEqual([404, 404]);
    expect(((await stranger.json()) as { type: string }).type).toBe(((await unknown.json()) as { type: string }).type);
    expect((await get(`/api/v1/payments/${orderId}`, OPERATOR)).status).toBe(200);
    expect((await get(`/api/v1/payments/${orderId}`)).status).toBe(401);
  });

  it("When a payment predates the customer column, then only an operator reads it", async () => {
    const orderId = await paymentOf(null);
    expect((await get(`/api/v1/payments/${orderId}`, "customer-0001")).status).toBe(404);
    expect((await get(`/api/v1/payments/${orderId}`, OPERATOR)).status).toBe(200);
  });

  it("When a customer asks for the breaker's state, then it is 403; an operator reads it", async () => {
    expect((await get("/api/v1/payment-provider/breaker", "customer-0001")).status).toBe(403);
    expect(await (await get("/api/v1/payment-provider/breaker", OPERATOR)).json()).toEqual({ state: "closed" });
  });
});
