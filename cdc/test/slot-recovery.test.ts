import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { logLevel } from "kafkajs";
import { createPool, kafkaClient, sleep, withTransaction, writeOutboxEvent } from "@firebreak/platform";
import { serviceEnv } from "@firebreak/stack/service-env";
import { connectClient, dropOutboxSlot, recoverPipeline, slotLag } from "@firebreak/stack/pipeline";
import { connectorName, lastPublished, slotName, topicOf } from "../src/index.js";
import { idsOnTopic } from "./wait-for-topic.js";

const service = "inventory";
const env = serviceEnv(service);
const pool = createPool(env.DATABASE_URL!);
const kafka = kafkaClient("cdc-test", env.KAFKA_BROKERS!.split(","), logLevel.NOTHING);

afterAll(() => pool.end());

const write = (aggregateType: string, n: number) =>
  withTransaction(pool, async (tx) =>
    writeOutboxEvent(tx, { aggregateType, aggregateId: `slot-${n}`, type: "Counted", payload: { n } }),
  );

const until = (topic: string, wanted: string[], seconds: number) =>
  idsOnTopic(kafka, topic, (ids) => wanted.every((id) => ids.includes(id)), seconds);

describe("a lost replication slot", () => {
  it("When the slot is dropped, then events written meanwhile stay unpublished and the task fails; recover republishes them on a fresh slot", async () => {
    const client = connectClient();
    const name = connectorName(service);
    const aggregateType = `slottest${randomUUID().slice(0, 8)}`;
    const topic = topicOf(aggregateType);
    const before = await write(aggregateType, 0);
    expect(await until(topic, [before], 60)).toContain(before);
    // Connect stores the published position every second.
    await sleep(2_000);
    const published = await lastPublished(client, name);
    expect(published).toBeInstanceOf(Date);

    await dropOutboxSlot(service);
    const gap = [await write(aggregateType, 1), await write(aggregateType, 2)];
    for (let i = 0; i < 60 && (await client.status(name)).tasks[0]?.state !== "FAILED"; i++) await sleep(1_000);
    const failed = await client.status(name);
    expect(failed.tasks[0]?.state).toBe("FAILED");
    expect(failed.tasks[0]?.trace).toMatch(/no longer available on the server/);
    expect(await until(topic, gap, 5)).toEqual([before]);

    const recovery = await recoverPipeline(service);
    expect(recovery.since!.getTime()).toBeLessThan(published!.getTime());
    const after = await write(aggregateType, 3);
    const ids = await until(topic, [...gap, after], 90);
    expect(ids).toEqual(expect.arrayContaining([before, ...gap, after]));
    expect((await client.status(name)).tasks[0]?.state).toBe("RUNNING");
    expect((await slotLag()).find((slot) => slot.slot === slotName(service))?.active).toBe(true);
  }, 240_000);
});
