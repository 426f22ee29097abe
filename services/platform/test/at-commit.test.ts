import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceEnv } from "@firebreak/stack/service-env";
import { migrateTestDatabase } from "@firebreak/stack/service-migrations";
import { atCommit, createPool, withTransaction, writeOutboxEvent } from "../src/index.js";

// One connection, so every transaction here reuses the same pooled client.
const pool = createPool(serviceEnv("orders", "test").DATABASE_URL!, 1);
beforeAll(() => migrateTestDatabase("orders"));
afterAll(() => pool.end());

const outboxOf = async (aggregateId: string) =>
  (
    await pool.query<{ id: string; type: string; payload: unknown }>(
      "SELECT id, type, payload FROM outbox WHERE aggregateid = $1",
      [aggregateId],
    )
  ).rows;

const event = (aggregateId: string, n: number) => ({
  aggregateType: "atcommittest",
  aggregateId,
  type: `Happened${n}`,
  payload: { n, note: 'quotes " and \\ survive' },
});

describe("work deferred to just before COMMIT", () => {
  it("When a transaction writes several outbox events, then all land with the ids they were given, at COMMIT and not before", async () => {
    const aggregateId = randomUUID();
    const ids = await withTransaction(pool, async (tx) => {
      const written = [1, 2, 3].map((n) => writeOutboxEvent(tx, event(aggregateId, n)));
      const { rows } = await tx.query("SELECT count(*)::int AS n FROM outbox WHERE aggregateid = $1", [aggregateId]);
      expect(rows[0].n).toBe(0);
      return written;
    });
    const rows = await outboxOf(aggregateId);
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect(rows.find((row) => row.type === "Happened2")?.payload).toEqual(event(aggregateId, 2).payload);
  });

  it("When a transaction rolls back, then nothing it deferred is written, now or by the next transaction on the same connection", async () => {
    const rolledBack = randomUUID();
    await expect(
      withTransaction(pool, async (tx) => {
        writeOutboxEvent(tx, event(rolledBack, 1));
        throw new Error("the handler failed");
      }),
    ).rejects.toThrow("the handler failed");
    const next = randomUUID();
    await withTransaction(pool, async (tx) => writeOutboxEvent(tx, event(next, 1)));
    expect(await outboxOf(rolledBack)).toEqual([]);
    expect((await outboxOf(next)).map((row) => row.type)).toEqual(["Happened1"]);
  });

  it("When many handlers ask for the same key, then its state is shared and flushed once", async () => {
    const key = Symbol("test");
    const flushed: number[][] = [];
    await withTransaction(pool, async (tx) => {
      for (const n of [1, 2, 3]) {
        atCommit(
          tx,
          key,
          () => [] as number[],
          async (state) => void flushed.push(state),
        ).push(n);
      }
    });
    expect(flushed).toEqual([[1, 2, 3]]);
  });

  it("When a flush fails, then the transaction rolls back as a whole, with the outbox rows flushed before it", async () => {
    const aggregateId = randomUUID();
    await expect(
      withTransaction(pool, async (tx) => {
        writeOutboxEvent(tx, event(aggregateId, 1));
        atCommit(
          tx,
          Symbol("failing"),
          () => null,
          async () => {
            await tx.query("SELECT 1/0");
          },
        );
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await outboxOf(aggregateId)).toEqual([]);
  });
});
