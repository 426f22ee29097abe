import { sleep } from "../src/index.js";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { freshTopic, kafka, startTestConsumer } from "./fixtures.js";

async function sendOne(topic: string, n: number) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [{ key: "a", value: JSON.stringify({ n }), headers: { id: randomUUID(), type: "Step" } }],
  });
  await producer.disconnect();
}

async function committedOffset(groupId: string, topic: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return result?.partitions[0]?.offset;
  } finally {
    await admin.disconnect();
  }
}

describe("offset commits", () => {
  it("When events arrive one batch at a time, then offsets are committed about once a second, not per batch, and stopping commits the rest", async () => {
    const topic = await freshTopic(1);
    let handled = 0;
    const running = await startTestConsumer(topic, async () => {
      handled += 1;
    });
    const commits: number[] = [];
    const started = Date.now();
    for (let n = 0; n < 12; n++) {
      await sendOne(topic, n);
      while (handled < n + 1) await sleep(20);
      commits.push(Number((await committedOffset(running.groupId, topic)) ?? -1));
    }
    const elapsedMs = Date.now() - started;
    // Twelve batches, each seen handled before the next was sent: a commit per batch would show each
    // offset committed; at one commit a second at most, there are at most that many distinct values.
    const distinct = new Set(commits.filter((offset) => offset >= 0)).size;
    expect(distinct).toBeLessThanOrEqual(Math.ceil(elapsedMs / 1000) + 1);
    expect(distinct).toBeLessThan(12);

    await running.stop();
    expect(await committedOffset(running.groupId, topic), "committed on stop").toBe("12");
  });
});
