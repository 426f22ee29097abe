import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LABELS, measureLag, METRICS, pollUntil, registry, sleep } from "../src/index.js";
import { freshTopic, kafka, startTestConsumer } from "./fixtures.js";

async function topicWith(events: number): Promise<string> {
  const topic = await freshTopic(1, "platform-lag-test");
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: events }, (_, n) => ({
      key: "a",
      value: JSON.stringify({ n }),
      headers: { id: randomUUID(), type: "Step" },
    })),
  });
  await producer.disconnect();
  return topic;
}

async function lagOf(groupId: string): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(METRICS.consumerLag)?.get();
  return metric?.values.find((value) => value.labels[LABELS.consumerGroup] === groupId)?.value;
}

describe("consumer lag", () => {
  it("When a consumer works through a backlog fetched in one batch, then the lag gauge shows the backlog shrinking and ends at 0", async () => {
    const events = 400;
    const topic = await topicWith(events);
    let handled = 0;
    const running = await startTestConsumer(topic, async () => {
      await sleep(30);
      handled++;
    });
    const { groupId } = running;

    // Sample the gauge as a scrape would, until the backlog is handled and the gauge has settled.
    const seen = new Set<number>();
    await pollUntil(
      "the backlog handled and the lag gauge at 0",
      async () => {
        const lag = await lagOf(groupId);
        if (lag !== undefined) seen.add(lag);
        return handled === events && lag === 0;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    ).catch(() => {});
    await running.stop();

    expect(handled).toBe(events);
    expect([...seen].some((lag) => lag > 0 && lag < events)).toBe(true); // committed part-way through the batch
    expect(await lagOf(groupId)).toBe(0);
  }, 150_000);

  it("When a group has committed nothing yet, then its lag counts from the start of the log, not offset 0", async () => {
    const topic = await topicWith(7);
    const admin = kafka.admin();
    await admin.connect();
    // As retention would: the log now starts at offset 3 (kafkajs needs the topic's metadata loaded first).
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "3" }] });
    const lags = await measureLag(admin, `never-committed-${randomUUID()}`, [topic]);
    await admin.disconnect();
    expect(lags).toEqual([{ topic, partition: 0, lag: 4 }]);
  });
});
