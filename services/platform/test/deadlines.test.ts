import { afterAll, describe, expect, it } from "vitest";
import { serviceEnv } from "@firebreak/stack/service-env";
import { PORTS } from "@firebreak/stack/ports";
import { linkTo } from "@firebreak/stack/testing";
import { createPool, withTransaction, type Pool } from "../src/index.js";

const testDatabase = serviceEnv("orders", "test").DATABASE_URL!;
const pools: Pool[] = [];
const poolOf = (url: string, statementMs: number, queryMs: number) => {
  const pool = createPool(url, 2, { statementMs, queryMs });
  pool.on("error", () => undefined);
  pools.push(pool);
  return pool;
};
afterAll(() => Promise.all(pools.map((pool) => pool.end())));

/** How long a promise took to settle, and how. */
async function timed<T>(work: Promise<T>): Promise<{ ms: number; error?: Error & { code?: string } }> {
  const started = Date.now();
  try {
    await work;
    return { ms: Date.now() - started };
  } catch (error) {
    return { ms: Date.now() - started, error: error as Error };
  }
}

describe("database deadlines", () => {
  it("When a statement runs past its deadline, then PostgreSQL cancels it and the pool carries on", async () => {
    const pool = poolOf(testDatabase, 300, 5_000);
    const { ms, error } = await timed(pool.query("SELECT pg_sleep(5)"));
    expect(error?.code).toBe("57014"); // query_canceled
    expect(ms).toBeLessThan(2_000);
    expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("When the link to PostgreSQL swallows every packet, then a query fails at the client's deadline and its connection is not reused", async () => {
    const link = await linkTo(PORTS.postgres);
    try {
      const url = new URL(testDatabase);
      url.port = String(link.port);
      const pool = poolOf(url.toString(), 5_000, 400);
      // Two connections open before the fault, one for each query below: a new connection through the
      // black hole would wait for the pool's connection deadline instead (5 s).
      await Promise.all([pool.query("SELECT pg_sleep(0.1)"), pool.query("SELECT pg_sleep(0.1)")]);
      expect(pool.idleCount).toBe(2);
      await link.blackHole();
      const plain = await timed(pool.query("SELECT 1"));
      expect(plain.error?.message).toMatch(/timeout/i);
      expect(plain.ms).toBeLessThan(2_000);
      const inTransaction = await timed(withTransaction(pool, (tx) => tx.query("SELECT 1")));
      expect(inTransaction.error?.message).toMatch(/timeout/i);
      expect(inTransaction.ms).toBeLessThan(3_000);
      // Neither stuck connection went back to the pool: after the link heals, a new one answers at once.
      expect(pool.idleCount).toBe(0);
      await link.heal();
      expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await link.close();
    }
  });
});
