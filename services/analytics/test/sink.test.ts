import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@firebreak/platform";
import { applySchema } from "../src/events-store.js";
import { startSink } from "../src/sink.js";
import { listDeadLetters } from "@firebreak/stack/dlq";
import { clickhouse, committedAndEnd, kafka, landed, query, topicWithEvents, waitFor } from "./helpers.js";

const logger = createLogger("analytics-test", "silent");

beforeAll(() => applySchema(clickhouse));

/** A sink of the topic in a consumer group of its own. */
async function startTestSink(topic: string, onInserted: (rows: unknown[]) => void) {
  const groupId = `analytics-test-${randomUUID()}`;
  const sink = await startSink({ kafka, clickhouse, logger, groupId, topics: [topic], onInserted });
  return { sink, groupId };
}

describe("the analytics sink", () => {
  it("When an event is delivered twice with a malformed one between, then ClickHouse reads it once and the sink carries on", async () => {
    const topic = `analytics-test-${randomUUID()}`;
    const aggregateId = randomUUID();
    const event = {
      key: aggregateId,
      value: JSON.stringify({ amountCents: 42 }),
      headers: { id: randomUUID(), type: "AnalyticsTestEvent" },
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [event, { key: aggregateId, value: "{broken", headers: { id: randomUUID(), type: "X" } }, event],
    });
    await producer.disconnect();

    let inserted = 0;
    const { sink, groupId } = await startTestSink(topic, (rows) => (inserted += rows.length));
    await waitFor("both deliveries to land", () => inserted >= 2);
    await sink.stop();

    expect(inserted).toBe(2);
    // Both deliveries are kept (readers collapse them on event_id), so the first landing stays readable.
    const { deliveries, events } = await landed(aggregateId);
    expect(events).toBe(1);
    expect(deliveries).toBe(2);
    const [row] = await query<{ amount: string }>(
      `SELECT any(amount_cents) AS amount FROM firebreak.events WHERE aggregate_id = '${aggregateId}'`,
    );
    expect(Number(row!.amount)).toBe(42);
    const [partition, ...others] = (await committedAndEnd(groupId, topic)).filter(({ end }) => end > 0);
    expect(others).toEqual([]);
    expect(partition!.committed).toBe(3);
  });

  it("When events wait on several partitions, then one insert lands them all, each once, and every partition's offset is committed", async () => {
    const { topic, run, events } = await topicWithEvents(3, 20);
    const inserts: number[] = [];
    const { sink, groupId } = await startTestSink(topic, (rows) => inserts.push(rows.length));
    await waitFor("every event to land", () => inserts.reduce((a, b) => a + b, 0) >= events);
    await sink.stop();

    expect(inserts).toEqual([60]);
    expect(await landed(run)).toEqual({ deliveries: 60, events: 60 });
    for (const { committed, end } of await committedAndEnd(groupId, topic)) expect(committed).toBe(end);
  });

  it("When ClickHouse rejects one event's row, then that event alone goes to the DLQ with ClickHouse's reason, and the rest land once", async () => {
    const topic = `analytics-test-${randomUUID()}`;
    const run = randomUUID();
    const poisonId = randomUUID();
    const messages = Array.from({ length: 20 }, (_, i) => ({
      key: run,
      // Int64 cents: ClickHouse refuses 12.5 when it parses the insert, so the whole insert fails.
      value: JSON.stringify({ amountCents: i === 13 ? 12.5 : i }),
      headers: { id: i === 13 ? poisonId : randomUUID(), type: "AnalyticsTestEvent" },
    }));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages });
    await producer.disconnect();

    let inserted = 0;
    const { sink, groupId } = await startTestSink(topic, (rows) => (inserted += rows.length));
    await waitFor("the other events to land", () => inserted >= 19);
    // The offset is committed after the insert that holds the last event, past the dead letter.
    const committedToTheEnd = async () =>
      (await committedAndEnd(groupId, topic)).some(({ committed, end }) => end > 0 && committed === end);
    await waitFor("the offset to be committed", committedToTheEnd);
    await sink.stop();

    expect(await landed(run)).toEqual({ deliveries: 19, events: 19 });
    const [partition, ...otherPartitions] = (await committedAndEnd(groupId, topic)).filter(({ end }) => end > 0);
    expect(otherPartitions).toEqual([]);
    expect(partition).toMatchObject({ committed: 20, end: 20 });
    const [letter, ...others] = await listDeadLetters(`${groupId}.dlq`, kafka);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ eventId: poisonId, topic, offset: "0" });
    expect(letter!.reason).toMatch(/^Code: 27\b.*Cannot parse input/);
  });
});
