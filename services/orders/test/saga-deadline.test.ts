import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, withTransaction } from "@firebreak/platform";
import { serviceEnv } from "@firebreak/stack/service-env";
import { migrateTestDatabase } from "@firebreak/stack/service-migrations";
import { markOverdue } from "../src/orders.repo.js";
import { sagaHandler } from "../src/saga.js";
import { sagaOverdue } from "../src/saga-deadline.js";

const DEADLINE_SECONDS = 5;
const pool = createPool(serviceEnv("orders", "test").DATABASE_URL!);
const decide = sagaHandler(DEADLINE_SECONDS);

beforeAll(async () => {
  await migrateTestDatabase("orders");
});
afterAll(() => pool.end());

/** A PENDING order placed `secondsAgo` ago. */
async function placedAgo(secondsAgo: number): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO orders (id, customer_id, status, items, created_at)
     VALUES ($1, 'deadline-test', 'PENDING', '[]', now() - make_interval(secs => $2))`,
    [id, secondsAgo],
  );
  return id;
}

const confirm = (orderId: string) =>
  withTransaction(pool, async (tx) => {
    const after = await decide(
      {
        id: randomUUID(),
        type: "PaymentAuthorized",
        aggregateId: orderId,
        topic: "t",
        occurredMs: Date.now(),
        payload: { orderId, amountCents: 5 },
      },
      tx,
    );
    return after;
  }).then((after) => after?.());

const overdueAt = async (orderId: string) =>
  (await pool.query<{ overdue_at: Date | null }>("SELECT overdue_at FROM orders WHERE id = $1", [orderId])).rows[0]!
    .overdue_at;
const countedLate = async () => (await sagaOverdue.get()).values[0]?.value ?? 0;

describe("the saga deadline: each order undecided at 5 s counts late exactly once", () => {
  it("When an order is still pending past its deadline, then the sweep counts it once, and its late decision does not count it again", async () => {
    const stalled = await placedAgo(10);
    const fresh = await placedAgo(0);
    expect(await markOverdue(pool, DEADLINE_SECONDS)).toBeGreaterThanOrEqual(1);
    const marked = await overdueAt(stalled);
    expect(marked).not.toBeNull();
    expect(await overdueAt(fresh)).toBeNull();

    const before = await countedLate();
    await markOverdue(pool, DEADLINE_SECONDS);
    await confirm(stalled);
    expect(await overdueAt(stalled)).toEqual(marked);
    expect(await countedLate()).toBe(before);
  });

  it("When an order is decided late before the sweep saw it, then its decision counts it, once", async () => {
    const late = await placedAgo(8);
    const before = await countedLate();
    await confirm(late);
    expect(await overdueAt(late)).not.toBeNull();
    expect(await countedLate()).toBe(before + 1);
    // A redelivered decision finds the order decided and changes nothing.
    await confirm(late);
    expect(await countedLate()).toBe(before + 1);
  });

  it("When an order is decided within its deadline, then it never counts late", async () => {
    const onTime = await placedAgo(1);
    const before = await countedLate();
    await confirm(onTime);
    await markOverdue(pool, DEADLINE_SECONDS);
    expect(await overdueAt(onTime)).toBeNull();
    expect(await countedLate()).toBe(before);
  });
});
