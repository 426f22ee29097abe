import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, createPool, withTransaction, type ReceivedEvent, type Tx } from "@firebreak/platform";
import { serviceEnv } from "@firebreak/stack/service-env";
import { migrateTestDatabase } from "@firebreak/stack/service-migrations";
import { createApp as createProvider } from "@firebreak/payment-provider/app";
import { CircuitBreaker } from "../src/circuit-breaker.js";
import { PspRefused, pspClient } from "../src/psp-client.js";
import { paymentsConsumer } from "../src/payments.js";
import { startReconciler } from "../src/reconciler.js";
import { findPayment } from "../src/payments.repo.js";

const pool = createPool(serviceEnv("payments", "test").DATABASE_URL!);
const logger = createLogger("payments-test", "silent");
const PSP_API_KEY = "merchant-key-for-the-payments-tests";
const providers: Server[] = [];
const requestsTo = new Map<string, number>();

function startProvider(settings: { declineRate: number; errorRate?: number; latencyMs?: number }): string {
  const server = createProvider(
    {
      PORT: 0,
      PSP_API_KEY,
      DECLINE_RATE: settings.declineRate,
      ERROR_RATE: settings.errorRate ?? 0,
      LATENCY_MS: settings.latencyMs ?? 0,
      LATENCY_JITTER_MS: 0,
    },
    logger,
  ).listen(0);
  providers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on("request", () => requestsTo.set(url, (requestsTo.get(url) ?? 0) + 1));
  return url;
}

beforeAll(() => migrateTestDatabase("payments"));
afterAll(async () => {
  for (const server of providers) server.close();
  await pool.end();
});

/** What the consumer does with one event: ask the provider first, then record the outcome in a transaction. */
function handlerFor(baseUrl: string, breaker = new CircuitBreaker(5, 60_000)) {
  const payments = paymentsConsumer(
    pspClient({ baseUrl, apiKey: PSP_API_KEY, timeoutMs: 200, maxAttempts: 2, breaker, backoffMs: 5 }),
  );
  return async (event: ReceivedEvent, tx: Tx) => payments.handle(event, tx, await payments.prepare(event));
}
const PLACED_AT_MS = Date.UTC(2026, 11, 4, 12);
const stockReserved = (orderId: string, amountCents: number) => ({
  id: randomUUID(),
  type: "StockReserved",
  aggregateId: orderId,
  topic: "firebreak.inventory",
  occurredMs: Date.now(),
  payload: { orderId, amountCents, items: [], customerId: "customer-0007", placedAtMs: PLACED_AT_MS },
});
const outboxOf = async (orderId: string) =>
  (await pool.query("SELECT type, payload FROM outbox WHERE aggregateid = $1", [orderId])).rows;

describe("payments", () => {
  it("When the provider authorises, then the payment is recorded and PaymentAuthorized emitted, once, with the order's placement time", async () => {
    const handle = handlerFor(startProvider({ declineRate: 0 }));
    const orderId = randomUUID();
    await withTransaction(pool, (tx) => handle(stockReserved(orderId, 700), tx));
    await withTransaction(pool, (tx) => handle(stockReserved(orderId, 700), tx));
    expect(await findPayment(pool, orderId)).toMatchObject({
      status: "AUTHORIZED",
      amountCents: 700,
      customerId: "customer-0007",
    });
    expect(await outboxOf(orderId)).toEqual([
      { type: "PaymentAuthorized", payload: { orderId, amountCents: 700, placedAtMs: PLACED_AT_MS } },
    ]);
  });

  it("When the provider declines, then PaymentDeclined carries the reason", async () => {
    const handle = handlerFor(startProvider({ declineRate: 1 }));
    const orderId = randomUUID();
    await withTransaction(pool, (tx) => handle(stockReserved(orderId, 900), tx));
    expect(await outboxOf(orderId)).toEqual([
      { type: "PaymentDeclined", payload: { orderId, amountCents: 900, reason: "declined", placedAtMs: PLACED_AT_MS } },
    ]);
  });

  it("When the provider keeps failing or is too slow, then the fallback declines and the breaker opens", async () => {
    const breaker = new CircuitBreaker(2, 60_000);
    const failingUrl = startProvider({ declineRate: 0, errorRate: 1 });
    const failing = handlerFor(failingUrl, breaker);
    const slow = handlerFor(startProvider({ declineRate: 0, latencyMs: 1_000 }), breaker);
    const orders = [randomUUID(), randomUUID(), randomUUID()];
    await withTransaction(pool, (tx) => failing(stockReserved(orders[0]!, 100), tx));
    await withTransaction(pool, (tx) => slow(stockReserved(orders[1]!, 100), tx));
    expect(breaker.state).toBe("open");
    const requestsBefore = requestsTo.get(failingUrl);
    await withTransaction(pool, (tx) => failing(stockReserved(orders[2]!, 100), tx));
    expect(requestsTo.get(failingUrl), "an open breaker calls nobody").toBe(requestsBefore);
    for (const orderId of orders) {
      expect(await findPayment(pool, orderId)).toMatchObject({ status: "DECLINED", reason: "provider_unavailable" });
    }
  });

  it("When the provider answers after the timeout, then the payment is declined with a void pending, and the reconciler releases what the provider authorized meanwhile", async () => {
    const url = startProvider({ declineRate: 0, latencyMs: 400 });
    const psp = pspClient({
      baseUrl: url,
      apiKey: PSP_API_KEY,
      timeoutMs: 150,
      maxAttempts: 1,
      breaker: new CircuitBreaker(5, 60_000),
    });
    const payments = paymentsConsumer(psp);
    const orderId = randomUUID();
    const event = stockReserved(orderId, 700);
    const outcome = await payments.prepare(event);
    await withTransaction(pool, (tx) => payments.handle(event, tx, outcome));
    expect(await findPayment(pool, orderId)).toMatchObject({
      status: "DECLINED",
      reason: "provider_unavailable",
      voidPending: true,
    });
    const entryAtProvider = async () =>
      (
        await fetch(`${url}/v1/authorizations/${orderId}`, { headers: { authorization: `Bearer ${PSP_API_KEY}` } })
      ).json();
    // The provider decided after all: it holds 700 for an order that is being cancelled.
    await expect.poll(entryAtProvider, { timeout: 3_000 }).toMatchObject({ status: "authorized", amountCents: 700 });

    const reconciler = startReconciler({ pool, psp, logger, intervalMs: 50 });
    try {
      await expect.poll(async () => (await findPayment(pool, orderId))?.voidPending, { timeout: 5_000 }).toBe(false);
    } finally {
      await reconciler.stop();
    }
    expect(await entryAtProvider()).toMatchObject({ status: "voided", wasAuthorized: true });
  });

  it("When the provider refuses a request (a wrong merchant key), then the call fails as a refusal, not a decline, and the breaker stays closed", async () => {
    const url = startProvider({ declineRate: 0 });
    const breaker = new CircuitBreaker(2, 60_000);
    const psp = pspClient({ baseUrl: url, apiKey: "not-the-merchant-key", timeoutMs: 500, maxAttempts: 3, breaker });
    const before = requestsTo.get(url) ?? 0;
    for (let i = 0; i < 4; i++) await expect(psp.authorize(randomUUID(), 100)).rejects.toBeInstanceOf(PspRefused);
    expect(requestsTo.get(url)! - before, "a refusal is not retried").toBe(4);
    expect(breaker.state).toBe("closed");
    await expect(paymentsConsumer(psp).prepare(stockReserved(randomUUID(), 100))).rejects.toBeInstanceOf(PspRefused);
  });

  it("When the provider's connection is reset, then the call is retried and gets the provider's answer", async () => {
    let requests = 0;
    const flaky = createServer((req, res) => {
      requests += 1;
      if (requests === 1) return void req.socket.destroy();
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"authorized","reference":"psp_r"}');
    }).listen(0);
    providers.push(flaky);
    const baseUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
    const psp = pspClient({
      baseUrl,
      apiKey: PSP_API_KEY,
      timeoutMs: 500,
      maxAttempts: 3,
      breaker: new CircuitBreaker(5, 60_000),
      backoffMs: 5,
    });
    expect(await psp.authorize(randomUUID(), 100)).toEqual({ status: "authorized", reference: "psp_r" });
    expect(requests).toBe(2);
  });
});
