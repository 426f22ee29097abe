import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@clickhouse/client";
import { Kafka, logLevel } from "kafkajs";
import { createLogger } from "@firebreak/platform";
import { PORTS } from "@firebreak/stack/ports";
import { applySchema } from "../src/events-store.js";
import { startSink, type SinkOptions } from "../src/sink.js";

const clickhouse = createClient({ url: `http://127.0.0.1:${PORTS.clickhouseHttp}` });
const kafka = new Kafka({
  brokers: [`127.0.0.1:${PORTS.kafka}`],
  clientId: "analytics-test",
  logLevel: logLevel.NOTHING,
});

beforeAll(() => applySchema(clickhouse));
afterAll(() => clickhouse.close());

describe("the analytics sink", () => {
  it("When an event is delivered twice with a malformed one between, then ClickHouse reads it once and the sink carries on", async () => {
    const topic = `analytics-test-${randomUUID()}`;
    const aggregateId = randomUUID();
    const eventId = randomUUID();
    const event = {
      key: aggregateId,
      value: JSON.stringify({ amountCents: 42 }),
      headers: { id: eventId, type: "AnalyticsTestEvent" },
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [event, { key: aggregateId, value: "{broken", headers: { id: randomUUID(), type: "X" } }, event],
    });
    await producer.disconnect();

    let landed = 0;
    let done: () => void;
    const allLanded = new Promise<void>((resolve) => (done = resolve));
    const options: SinkOptions = {
      kafka,
      clickhouse,
      logger: createLogger("analytics-test", "silent"),
      groupId: `analytics-test-${randomUUID()}`,
      topics: [topic],
      onInserted: (rows) => {
        landed += rows.length;
        if (landed >= 2) done();
      },
    };
    const sink = await startSink(options);
    await allLanded;
    await sink.stop();

    const [row] = await (
      await clickhouse.query({
        query: `SELECT count() AS deliveries, uniqExact(event_id) AS events, any(amount_cents) AS amount
                  FROM firebreak.events WHERE aggregate_id = '${aggregateId}'`,
        format: "JSONEachRow",
      })
    ).json<{ deliveries: string; events: string; amount: string }>();
    expect(Number(row!.deliveries)).toBe(2);
    expect(Number(row!.events)).toBe(1);
    expect(Number(row!.amount)).toBe(42);
    const [final] = await (
      await clickhouse.query({
        query: `SELECT count() AS n FROM firebreak.events FINAL WHERE aggregate_id = '${aggregateId}'`,
        format: "JSONEachRow",
      })
    ).json<{ n: string }>();
    expect(Number(final!.n)).toBe(1);
  }, 60_000);
});
