import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KafkaMessage } from "kafkajs";
import type { ReceivedEvent } from "@firebreak/platform";
import { cdcOverdue, LateEvents } from "../src/freshness-deadline.js";
import type { Delivery } from "../src/insert-buffer.js";
import { kafka } from "./helpers.js";

const DEADLINE_MS = 10_000;
const admin = kafka.admin();
beforeAll(() => admin.connect());
afterAll(() => admin.disconnect());

const countedLate = async () => (await cdcOverdue.get()).values[0]?.value ?? 0;

/** A one-partition topic whose events were committed at the given times, oldest first. */
async function topicCommittedAt(times: number[]) {
  const topic = `analytics-test-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: times.map((ms) => ({ key: "k", value: "{}", timestamp: String(ms), headers: { id: randomUUID() } })),
  });
  await producer.disconnect();
  return topic;
}

/** The delivery of the event at `offset`, as the sink would hold it. */
function delivery(topic: string, offset: number, occurredMs: number): Delivery {
  const event: ReceivedEvent = { id: randomUUID(), type: "T", aggregateId: "k", topic, payload: {}, occurredMs };
  return { event, partition: 0, message: { offset: String(offset) } as KafkaMessage };
}

describe("the freshness deadline", () => {
  it("When events wait past the deadline with no insert started, then the sweep counts each once, and their late landing counts none again", async () => {
    const now = Date.now();
    const committed = [now - 30_000, now - 25_000, now - 20_000, now - 1_000];
    const topic = await topicCommittedAt(committed);
    const groupId = `analytics-test-${randomUUID()}`;
    const late = new LateEvents(DEADLINE_MS);
    const before = await countedLate();

    expect(await late.sweep(admin, groupId, [topic], now)).toBe(3);
    expect(await late.sweep(admin, groupId, [topic], now + 500)).toBe(0);
    // Ten seconds on, the fourth has passed its deadline too, and only it is new.
    expect(await late.sweep(admin, groupId, [topic], now + 10_000)).toBe(1);

    late.landed(
      committed.map((ms, offset) => delivery(topic, offset, ms)),
      now + 12_000,
    );
    expect((await countedLate()) - before).toBe(4);
  });

  it("When an insert has started, then the sweep leaves its events to their landing, which counts the late ones", async () => {
    const now = Date.now();
    const committed = [now - 30_000, now - 25_000, now - 2_000];
    const topic = await topicCommittedAt(committed);
    const late = new LateEvents(DEADLINE_MS);
    const before = await countedLate();
    const deliveries = committed.map((ms, offset) => delivery(topic, offset, ms));

    late.inserting(deliveries);
    expect(await late.sweep(admin, `analytics-test-${randomUUID()}`, [topic], now)).toBe(0);
    late.landed(deliveries, now + 100);
    expect((await countedLate()) - before).toBe(2);
  });

  it("When the group has committed past events, then the sweep does not count them", async () => {
    const now = Date.now();
    const topic = await topicCommittedAt([now - 40_000, now - 35_000, now - 30_000]);
    const groupId = `analytics-test-${randomUUID()}`;
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "2" }] });

    expect(await new LateEvents(DEADLINE_MS).sweep(admin, groupId, [topic], now)).toBe(1);
  });
});
