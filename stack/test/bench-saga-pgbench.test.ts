import pg from "pg";
import { describe, expect, it } from "vitest";
import { runAnchor } from "../src/bench/pgbench.js";
import { resetStock } from "../src/bench/stock.js";
import { HOST, PORTS } from "../src/native/ports.js";
import { CATALOGUE } from "../src/native/seed.js";
import { secrets } from "./helpers.js";

const idle = { seconds: 10, machine: 0, byProcess: {}, restarted: [] };

/** Against the running stack's PostgreSQL, in orders_bench (which no connector reads), for two seconds. */
describe("The saga pgbench anchor", () => {
  it("When pgbench runs the saga script, then every order goes the whole way and PostgreSQL's backends are counted", async () => {
    const result = await runAnchor("saga", 2, 2, idle);
    expect(result.transactions).toBeGreaterThan(0);
    const postgres = result.costs.find((row) => row.name === "postgres");
    expect(postgres?.microsPerOrder, "the backends are children of the postmaster").toBeGreaterThan(0);
    expect(result.costs.map((row) => row.name)).toContain("pgbench");

    const client = new pg.Client({
      connectionString: `postgresql://orders_owner:${encodeURIComponent(secrets().passwords.orders_owner)}@${HOST}:${PORTS.postgres}/orders_bench`,
      // resetStock names its table as the inventory service does, unqualified.
      options: "-c search_path=inventory",
    });
    await client.connect();
    try {
      const one = async (sql: string) => (await client.query<{ n: number }>(sql)).rows[0]!.n;
      const orders = await one("SELECT count(*)::int AS n FROM public.orders");
      expect(orders).toBe(result.transactions);
      expect(await one("SELECT count(*)::int AS n FROM public.orders WHERE status = 'CONFIRMED'")).toBe(orders);
      expect(await one("SELECT count(*)::int AS n FROM inventory.reservations WHERE status = 'SOLD'")).toBe(orders);
      expect(await one("SELECT count(*)::int AS n FROM payments.payments")).toBe(orders);
      expect(await one("SELECT count(*)::int AS n FROM inventory.inbox")).toBe(2 * orders);
      expect(await one("SELECT sum(sold)::int AS n FROM inventory.products")).toBe(orders);

      await resetStock((sql, params) => client.query(sql, params));
      const products = await client.query<{ id: string; available: number; conserved: boolean }>(
        `SELECT id, available, initial_stock = available + reserved + sold AS conserved FROM inventory.products`,
      );
      for (const product of CATALOGUE) {
        const row = products.rows.find((r) => r.id === product.id);
        expect(row, product.id).toMatchObject({ available: product.initialStock, conserved: true });
      }
    } finally {
      await client.end();
    }
  });
});
