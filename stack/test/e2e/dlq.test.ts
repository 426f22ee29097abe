import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { KafkaMessage } from "kafkajs";
import { deadLetter } from "@firebreak/platform";
import { listDeadLetters, replayDeadLetters } from "../../src/clients/dlq.js";
import { stackKafka } from "../../src/clients/kafka.js";
import { firebreak } from "../helpers.js";

const kafka = stackKafka();

/** Messages now on a topic, read from the beginning with a group of their own. */
async function messagesOn(topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `dlq-test-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const messages: KafkaMessage[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(message);
        if (messages.length >= count) resolve();
      },
    });
  });
  await consumer.disconnect();
  return messages;
}

describe("dead letters", () => {
  it("When events were dead-lettered, then list shows each with its reason, and replay sends each back once, as it first arrived", async () => {
    const source = `dlq-test-source-${randomUUID()}`;
    const dlqTopic = `dlq-test-${randomUUID()}.dlq`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: source }, { topic: dlqTopic }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const events = ["e1", "e2"].map((id) => ({
      key: Buffer.from(`order-${id}`),
      value: Buffer.from(`{"id":"${id}"}`),
      offset: "7",
      headers: { id: Buffer.from(id), type: Buffer.from("StockReserved") },
    })) as unknown as KafkaMessage[];
    await deadLetter(producer, dlqTopic, source, events[0]!, "StockReserved payload: bad amount");
    await deadLetter(producer, dlqTopic, source, events[1]!, "provider refused an authorization: 401");
    await producer.disconnect();

    // Oldest first within each partition; the two keys may land on different partitions.
    const byId = <T extends { eventId?: string }>(letters: T[]) =>
      [...letters].sort((a, b) => (a.eventId ?? "").localeCompare(b.eventId ?? ""));
    const listed = byId(await listDeadLetters(dlqTopic, kafka));
    expect(listed.map(({ eventId, eventType, topic, reason }) => ({ eventId, eventType, topic, reason }))).toEqual([
      { eventId: "e1", eventType: "StockReserved", topic: source, reason: "StockReserved payload: bad amount" },
      { eventId: "e2", eventType: "StockReserved", topic: source, reason: "provider refused an authorization: 401" },
    ]);
    // Listing reads without moving anything: the same letters are there to list again.
    expect(await listDeadLetters(dlqTopic, kafka)).toHaveLength(2);

    const replayGroup = `dlq-test-replay-${randomUUID()}`;
    expect(byId(await replayDeadLetters(dlqTopic, replayGroup, kafka)).map((l) => l.eventId)).toEqual(["e1", "e2"]);
    const resent = (await messagesOn(source, 2)).sort((a, b) => String(a.key).localeCompare(String(b.key)));
    expect(resent.map((m) => m.key?.toString())).toEqual(["order-e1", "order-e2"]);
    expect(resent.map((m) => m.value?.toString())).toEqual(['{"id":"e1"}', '{"id":"e2"}']);
    expect(Object.keys(resent[0]!.headers ?? {}).sort()).toEqual(["id", "type"]);
    // A second replay has nothing left to send.
    expect(await replayDeadLetters(dlqTopic, replayGroup, kafka)).toEqual([]);
  });

  it("When the action or the group is bad, then dlq names it and exits 2", () => {
    const badGroup = firebreak("dlq", "list", "analytics");
    expect(badGroup.code).toBe(2);
    expect(badGroup.stderr).toContain("bad consumer group 'analytics': expected one of orders, inventory, payments");
    const badAction = firebreak("dlq", "purge", "orders");
    expect(badAction.code).toBe(2);
    expect(badAction.stderr).toContain("unknown dlq action 'purge'");
  });
});
