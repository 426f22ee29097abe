import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { applySchema } from "../src/events-store.js";
import { startSink } from "../src/sink.js";
import {
  clickhouse,
  clickhouseGate,
  committedAndEnd,
  kafka,
  landed,
  recordingLogger,
  topicWithEvents,
  waitFor,
} from "./helpers.js";

beforeAll(() => applySchema(clickhouse));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A sink whose ClickHouse is behind a gate, shut to begin with. */
async function sinkBehindGate(topic: string, groupId: string) {
  const gate = await clickhouseGate();
  // The sink logs each failed insert itself (recorded below); the client would print each to stderr too.
  const gated = createClient({ url: gate.url, log: { level: ClickHouseLogLevel.OFF } });
  cleanups.push(
    () => gate.close(),
    () => gated.close(),
  );
  const { logger, warnings } = recordingLogger();
  let inserted = 0;
  const sink = await startSink({
    kafka,
    clickhouse: gated,
    logger,
    groupId,
    topics: [topic],
    onInserted: (rows) => (inserted += rows.length),
  });
  return { gate, sink, warnings, inserted: () => inserted };
}

describe("the analytics sink while ClickHouse is unreachable", () => {
  it("When the insert fails, then the sink retries it until ClickHouse is back and every event lands once, its offsets committed after", async () => {
    const { topic, run, events } = await topicWithEvents(2, 10);
    const groupId = `analytics-test-${randomUUID()}`;
    const { gate, sink, warnings, inserted } = await sinkBehindGate(topic, groupId);

    await waitFor("two failed inserts", () => warnings.length >= 2);
    expect(warnings.every((message) => message === "ClickHouse insert failed; backing off")).toBe(true);
    expect(gate.refused()).toBeGreaterThanOrEqual(2);
    expect(await landed(run)).toEqual({ deliveries: 0, events: 0 });
    expect((await committedAndEnd(groupId, topic)).map((p) => p.committed)).toEqual([-1, -1]);

    gate.open();
    await waitFor("every event to land", () => inserted() >= events);
    await sink.stop();
    expect(await landed(run)).toEqual({ deliveries: events, events });
    for (const { committed, end } of await committedAndEnd(groupId, topic)) expect(committed).toBe(end);
  });

  it("When the sink stops before ClickHouse is back, then nothing is committed and the next sink of the group lands every event", async () => {
    const { topic, run, events } = await topicWithEvents(2, 10);
    const groupId = `analytics-test-${randomUUID()}`;
    const first = await sinkBehindGate(topic, groupId);
    await waitFor("a failed insert", () => first.warnings.length >= 1);
    await first.sink.stop();
    expect((await committedAndEnd(groupId, topic)).map((p) => p.committed)).toEqual([-1, -1]);

    const second = await sinkBehindGate(topic, groupId);
    second.gate.open();
    await waitFor("every event to land", () => second.inserted() >= events);
    await second.sink.stop();
    expect(await landed(run)).toEqual({ deliveries: events, events });
    for (const { committed, end } of await committedAndEnd(groupId, topic)) expect(committed).toBe(end);
  });
});
