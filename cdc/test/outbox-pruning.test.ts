import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { logLevel } from "kafkajs";
import { createPool, kafkaClient, pruneOutboxAndInbox, withTransaction, writeOutboxEvent } from "@firebreak/platform";
import { serviceEnv } from "@firebreak/stack/service-env";
import { topicOf } from "../src/index.js";
import { idsOnTopic } from "./wait-for-topic.js";

const env = serviceEnv("inventory");
const pool = createPool(env.DATABASE_URL!);
const kafka = kafkaClient("cdc-test", env.KAFKA_BROKERS!.split(","), logLevel.NOTHING);

afterAll(() => pool.end());

const write = (aggregateType: string, n: number) =>
  withTransaction(pool, async (tx) =>
    writeOutboxEvent(tx, { aggregateType, aggregateId: "pruning", type: "Counted", payload: { n } }),
  );

/** Every event id on the topic, in order, read from the beginning until `last` arrives. */
const idsOnTopicUntil = (topic: string, last: string) => idsOnTopic(kafka, topic, (ids) => ids.at(-1) === last);

const exists = async (sql: string, value: string) => (await pool.query(sql, [value])).rowCount === 1;

describe("pruning the outbox and the inbox", () => {
  it("When rows pass their retention, then they are deleted, younger rows stay, and Debezium publishes nothing for the deletes", async () => {
    const aggregateType = `prunetest${randomUUID().slice(0, 8)}`;
    const old = await write(aggregateType, 1);
    const young = await write(aggregateType, 2);
    await idsOnTopicUntil(topicOf(aggregateType), young);
    await pool.query("UPDATE outbox SET created_at = now() - interval '2 hours' WHERE id = $1", [old]);
    const [staleEvent, recentEvent] = [randomUUID(), randomUUID()];
    await pool.query(
      "INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('pruning-test', $1, now() - interval '8 days'), ('pruning-test', $2, now())",
      [staleEvent, recentEvent],
    );

    const pruned = await pruneOutboxAndInbox(pool);
    const sentinel = await write(aggregateType, 3);

    expect(pruned.outbox).toBeGreaterThanOrEqual(1);
    expect(pruned.inbox).toBeGreaterThanOrEqual(1);
    expect(await exists("SELECT 1 FROM outbox WHERE id = $1", old)).toBe(false);
    expect(await exists("SELECT 1 FROM outbox WHERE id = $1", young)).toBe(true);
    expect(await exists("SELECT 1 FROM inbox WHERE event_id = $1", staleEvent)).toBe(false);
    expect(await exists("SELECT 1 FROM inbox WHERE event_id = $1", recentEvent)).toBe(true);
    // The backdating update and the delete reach no one: the topic holds the three inserts only.
    expect(await idsOnTopicUntil(topicOf(aggregateType), sentinel)).toEqual([old, young, sentinel]);
  }, 120_000);
});
