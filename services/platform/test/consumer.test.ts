import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type ConsumerOptions,
  isPermanent,
  isTransient,
  type ReceivedEvent,
  type RunningConsumer,
  sleep,
  type Tx,
} from "../src/index.js";
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
  handle: (event: ReceivedEvent, done: () => void, tx: Tx) => Promise<void>,
  extra: Partial<ConsumerOptions> = {},
): Promise<RunningConsumer> {
  let done: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const running = await startTestConsumer(topic, (e, tx) => handle(e, done, tx), extra);
  await finished;
  return running;
}

describe("the Kafka consumer loop", () => {
  it("When events arrive malformed, failing for good, failing for a while, duplicated or good, then the good and the recovered ones are handled once, the bad ones are dead-lettered, and the consumer carries on", async () => {
    const topic = await freshTopic(1);
    const good = randomUUID();
    const failing = randomUUID();
    const flaky = randomUUID();
    const sentinel = randomUUID();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: "a", value: "{not json", headers: { id: randomUUID(), type: "Broken" } },
        { key: "a", value: JSON.stringify({ n: 1 }) },
        { key: "a", value: JSON.stringify({ n: 2 }), headers: { id: failing, type: "AlwaysFails" } },
        { key: "a", value: JSON.stringify({ n: 5 }), headers: { id: flaky, type: "FailsAWhile" } },
        { key: "a", value: JSON.stringify({ n: 3 }), headers: { id: good, type: "Fine" } },
        { key: "a", value: JSON.stringify({ n: 3 }), headers: { id: good, type: "Fine" } },
        { key: "a", value: JSON.stringify({ n: 4 }), headers: { id: sentinel, type: "Last" } },
      ],
    });
    await producer.disconnect();

    const handled: ReceivedEvent[] = [];
    let flakyFailures = 0;
    const running = await consumeUntilDone(
      topic,
      async (event, done, tx) => {
        // A data exception from PostgreSQL itself (SQLSTATE 22012): no retry can fix it.
        if (event.type === "AlwaysFails") await tx.query("SELECT 1 / 0");
        // An error nobody foresaw, more times than maxAttempts, that then goes away: retried, not dead-lettered.
        if (event.type === "FailsAWhile" && ++flakyFailures <= 5) {
          throw Object.assign(new Error("getaddrinfo EAI_AGAIN db"), { code: "EAI_AGAIN" });
        }
        handled.push(event);
        if (event.type === "Last") done();
      },
      { maxAttempts: 3, backoffMs: 10 },
    );
    const deadLetters = await readAll(running.dlqTopic, 3);
    await running.stop();

    expect(handled.map((event) => event.id)).toEqual([flaky, good, sentinel]);
    expect(flakyFailures).toBe(6);
    expect(handled[1]).toMatchObject({ type: "Fine", aggregateId: "a", payload: { n: 3 } });
    expect(deadLetters.map((m) => m.headers["dlq.reason"])).toEqual([
      expect.stringContaining("value is not JSON"),
      "missing header 'id'",
      "division by zero",
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

  it("When PostgreSQL says the data or a constraint is at fault, then the failure is permanent; a connection's is not", () => {
    expect(isPermanent(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(true);
    expect(isPermanent(Object.assign(new Error("division by zero"), { code: "22012" }))).toBe(true);
    expect(isPermanent(Object.assign(new Error("x"), { code: "EAI_AGAIN" }))).toBe(false);
    expect(isPermanent(Object.assign(new Error("terminating connection"), { code: "57P01" }))).toBe(false);
    expect(isPermanent(new Error("handler bug"))).toBe(false);
  });
});
