import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, sleep } from "@firebreak/platform";
import { createApp, READ_CACHE_TTL_MS } from "../src/app.js";
import { applySchema, insertEvents, toRow } from "../src/events-store.js";
import { ReadCache } from "../src/read-cache.js";
import { freshness, ordersPerMinute, revenuePerMinute, sagaOutcomes } from "../src/read-side.js";
import { authAs, OPERATOR, stackTokenPolicy } from "@firebreak/stack/testing";
import { clickhouse, clickhouseWith, query } from "./helpers.js";

let server: Server;
let base: string;

beforeAll(async () => {
  await applySchema(clickhouse);
  server = createApp({
    clickhouse,
    logger: createLogger("analytics-test", "silent"),
    isShuttingDown: () => false,
    tokens: stackTokenPolicy(),
  }).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/analytics`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const WEEK = 7 * 24 * 60;
type Freshness = { minutes: number; data: { events: number; p50Ms: number; p99Ms: number } };
const read = async (path: string) => {
  const response = await fetch(`${base}/${path}`, { headers: await authAs(OPERATOR) });
  expect(response.status).toBe(200);
  return (await response.json()) as Freshness;
};

/** Events that just happened, landed a second later; enough to outnumber any leaving the window meanwhile. */
async function landEvents(count = 100) {
  const now = Date.now();
  const aggregateId = randomUUID();
  const event = () => ({
    id: randomUUID(),
    type: "AnalyticsTestEvent",
    aggregateId,
    topic: "analytics-test",
    occurredMs: now - 1_000,
    payload: {},
  });
  await insertEvents(
    clickhouse,
    Array.from({ length: count }, () => toRow(event(), now)),
  );
}

describe("the read side", () => {
  it("When each read is asked for, then ClickHouse answers it", async () => {
    for (const path of ["orders-per-minute", "revenue-per-minute", "saga-outcomes"]) {
      const response = await fetch(`${base}/${path}?minutes=60`, { headers: await authAs(OPERATOR) });
      expect(response.status).toBe(200);
      expect(Array.isArray(((await response.json()) as { data: unknown }).data)).toBe(true);
    }
    expect(typeof (await read("freshness?minutes=60")).data.events).toBe("number");
  });

  it("When a customer or nobody asks, then it is 403 or 401: revenue and every customer's orders are for operators", async () => {
    expect((await fetch(`${base}/freshness`)).status).toBe(401);
    const asCustomer = await fetch(`${base}/revenue-per-minute`, { headers: await authAs("customer-0001") });
    expect(asCustomer.status).toBe(403);
    expect(asCustomer.headers.get("content-type")).toContain("application/problem+json");
  });

  it("When a window is read, then ClickHouse reads it through the tables' primary keys, not a whole partition", async () => {
    await landEvents();
    // ClickHouse refuses a query whose filter cannot use the primary key under this setting.
    const strict = clickhouseWith({ force_primary_key: 1 });
    try {
      for (const read of [ordersPerMinute, revenuePerMinute, sagaOutcomes]) {
        expect(Array.isArray(await read(strict, 5))).toBe(true);
      }
      expect((await freshness(strict, 5)).events).toBeGreaterThanOrEqual(100);
    } finally {
      await strict.close();
    }
  });
});

describe("the read side's cache", () => {
  it("When the data changes, then a read within the TTL answers as before, and one after the TTL or for another window reads afresh", async () => {
    const first = await read(`freshness?minutes=${WEEK}`);
    await landEvents();

    expect(await read(`freshness?minutes=${WEEK}`)).toEqual(first);
    const otherWindow = await read(`freshness?minutes=${WEEK - 1}`);
    expect(otherWindow.data.events).toBeGreaterThan(first.data.events);

    await sleep(READ_CACHE_TTL_MS + 500);
    const after = await read(`freshness?minutes=${WEEK}`);
    expect(after.data.events).toBeGreaterThan(first.data.events);
  });

  it("When identical reads come together, then ClickHouse answers one of them and all get its result", async () => {
    const cache = new ReadCache(READ_CACHE_TTL_MS);
    let reads = 0;
    const readFreshness = () => {
      reads++;
      return freshness(clickhouse, 60);
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get("freshness", readFreshness)));
    expect(reads).toBe(1);
    for (const result of results) expect(result).toBe(results[0]);
  });

  it("When a read fails, then it is not kept and the next request reads again", async () => {
    const cache = new ReadCache(READ_CACHE_TTL_MS);
    const failing = () => query("SELECT no_such_column FROM firebreak.events");
    await expect(cache.get("broken", failing)).rejects.toThrow(/no_such_column/);
    let reads = 0;
    const result = await cache.get("broken", () => {
      reads++;
      return query<{ one: number }>("SELECT 1 AS one");
    });
    expect(reads).toBe(1);
    expect(result).toEqual([{ one: 1 }]);
  });
});
