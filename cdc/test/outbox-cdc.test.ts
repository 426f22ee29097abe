import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { logLevel } from "kafkajs";
import { createPool, kafkaClient, withTransaction, writeOutboxEvent } from "@firebreak/platform";
import { serviceEnv } from "@firebreak/stack/service-env";
import { topicOf } from "../src/index.js";
import { waitForTopic } from "./wait-for-topic.js";

const env = serviceEnv("inventory");
const pool = createPool(env.DATABASE_URL!);
const kafka = kafkaClient("cdc-test", env.KAFKA_BROKERS!.split(","), logLevel.NOTHING);

afterAll(() => pool.end());

describe("the outbox through Debezium into Kafka", () => {
  it("When an outbox row commits, then its event reaches the aggregate's topic keyed by aggregate id, with id, type and traceparent headers", async () => {
    const aggregateType = `cdctest${randomUUID().slice(0, 8)}`;
    const aggregateId = randomUUID();
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const eventId = await withTransaction(pool, async (tx) =>
      writeOutboxEvent(tx, { aggregateType, aggregateId, type: "ThingHappened", payload: { n: 42 } }, traceparent),
    );
    const consumer = kafka.consumer({ groupId: `cdc-test-${randomUUID()}` });
    await consumer.connect();
    const topic = topicOf(aggregateType);
    await waitForTopic(kafka, topic);
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; headers: Record<string, string>; value: unknown }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) =>
          resolve({
            key: message.key?.toString() ?? "",
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
            value: JSON.parse(message.value?.toString() ?? "null"),
          }),
      });
    });
    await consumer.disconnect();
    expect(received.key).toBe(aggregateId);
    expect(received.headers).toMatchObject({ id: eventId, type: "ThingHappened", traceparent });
    expect(received.value).toEqual({ n: 42 });
  }, 90_000);
});
