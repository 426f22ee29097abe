import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@firebreak/platform";
import { serviceEnv } from "../src/native/service-env.js";
import { migrateTestDatabase } from "../src/native/service-migrations.js";
import { seedCustomers, SYNTHETIC_CUSTOMERS } from "../src/native/seed.js";

const pool = createPool(serviceEnv("orders", "test").DATABASE_URL!);
const ids = async () =>
  (await pool.query<{ id: string }>("SELECT id FROM customers ORDER BY id")).rows.map((r) => r.id);

beforeAll(async () => {
  await migrateTestDatabase("orders");
  await pool.query("DELETE FROM customers");
});
afterAll(() => pool.end());

describe("synthetic customers", () => {
  it("When an empty stack is seeded, then it has its customers, each with an id that cannot be guessed from another", async () => {
    await seedCustomers(pool);
    const seeded = await ids();
    expect(seeded).toHaveLength(SYNTHETIC_CUSTOMERS);
    expect(new Set(seeded).size).toBe(SYNTHETIC_CUSTOMERS);
    for (const id of seeded) expect(id).toMatch(/^customer-[0-9a-f]{24}$/);
  });

  it("When a seeded stack is seeded again, then it keeps its ids and only tops up what is missing", async () => {
    const before = await ids();
    await pool.query("DELETE FROM customers WHERE id = ANY($1)", [before.slice(0, 10)]);
    await seedCustomers(pool);
    const after = await ids();
    expect(after).toHaveLength(SYNTHETIC_CUSTOMERS);
    expect(after).toEqual(expect.arrayContaining(before.slice(10)));
  });
});
