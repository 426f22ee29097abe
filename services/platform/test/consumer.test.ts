import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isTransient, type ConsumerOptions, type ReceivedEvent, type RunningConsumer } from "../src/index.js";
import { freshTopic, kafka, startTestConsumer } from "./fixtures.js";

async function readAll(topic: string, expected: number) {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: { headers: Record<string, string>; value: string }[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        messages.push({ headers, value: message.value?.toString() ?? "" });
        if (messages.length >= expected) resolve();
      },
    });
  });
  await consumer.disconnect();
  return messages;
}

/** Runs a consumer of the topic in a fresh group until its handler calls done. */
async function consumeUntilDone(
  topic: string,
  handle: (event: ReceivedEvent, done: () => void) => Promise<void>,
  extra: Partial<ConsumerOptions> = {},
): Promise<RunningConsumer> {
  let done: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const running = await startTestConsumer(topic, (e) => handle(e, done), extra);
  await finished;
  return running;
}

describe("the Kafka consumer loop", () => {
  it("When events arrive malformed, failing, duplicated or good, then good ones are handled once, bad ones are dead-lettered, and the consumer carries on", async () => {
    const topic = await freshTopic(1);
    const good = randomUUID();
    const failing = randomUUID();
    const sentinel = randomUUID();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: "a", value: "{not json", headers: { id: randomUUID(), type: "Broken" } },
        { key: "a", value: JSON.stringify({ n: 1 }) },
        { key: "a", value: JSON.stringify({ n: 2 }), headers: { id: failing, type: "AlwaysFails" } },
        { key: "a", value: JSON.stringify({ n: 3 }), headers: { id: good, type: "Fine" } },
        { key: "a", value: JSON.stringify({ n: 3 }), headers: { id: good, type: "Fine" } },
        { key: "a", value: JSON.stringify({ n: 4 }), headers: { id: sentinel, type: "Last" } },
      ],
    });
    await producer.disconnect();

    const handled: ReceivedEvent[] = [];
    const running = await consumeUntilDone(
      topic,
      async (event, done) => {
        if (event.type === "AlwaysFails") throw new Error("handler bug");
        handled.push(event);
        if (event.type === "Last") done();
      },
      { maxAttempts: 3, backoffMs: 10 },
    );
    const deadLetters = await readAll(running.dlqTopic, 3);
    await running.stop();

    expect(handled.map((event) => event.id)).toEqual([good, sentinel]);
    expect(handled[0]).toMatchObject({ type: "Fine", aggregateId: "a", payload: { n: 3 } });
    expect(deadLetters.map((m) => m.headers["dlq.reason"])).toEqual([
      expect.stringContaining("value is not JSON"),
      "missing header 'id'",
      "handler bug",
    ]);
    expect(deadLetters.every((m) => m.headers["dlq.topic"] === topic)).toBe(true);
  });
});

describe("consuming partitions side by side", () => {
  it("When a topic has three partitions and the handler waits on a dependency, then partitions are handled at once and each stays in order", async () => {
    const topic = await freshTopic(3);
    const perPartition = 4;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [0, 1, 2].flatMap((partition) =>
        Array.from({ length: perPartition }, (_, n) => ({
          partition,
          key: `aggregate-${partition}`,
          value: JSON.stringify({ n }),
          headers: { id: randomUUID(), type: "Step" },
        })),
      ),
    });
    await producer.disconnect();

    const seen: { aggregateId: string; n: number }[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const running = await consumeUntilDone(topic, async (event, done) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await sleep(100);
      inFlight--;
      seen.push({ aggregateId: event.aggregateId, n: (event.payload as { n: number }).n });
      if (seen.length === 3 * perPartition) done();
    });
    await running.stop();

    expect(mostInFlight).toBeGreaterThan(1);
    for (const partition of [0, 1, 2]) {
      const order = seen.filter((event) => event.aggregateId === `aggregate-${partition}`).map((event) => event.n);
      expect(order).toEqual([0, 1, 2, 3]);
    }
  });
});

describe("transient failures", () => {
  it("When an error is about the connection or a lost race between transactions, then it is transient; a bug is not", () => {
    expect(isTransient(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isTransient(Object.assign(new Error("terminating connection"), { code: "57P01" }))).toBe(true);
    expect(isTransient(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isTransient(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBe(true);
    expect(isTransient(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isTransient(new Error("handler bug"))).toBe(false);
  });
});
