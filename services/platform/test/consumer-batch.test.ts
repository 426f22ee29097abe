import { sleep } from "../src/index.js";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ReceivedEvent, Tx } from "../src/index.js";
import { freshTopic, kafka, pool, startTestConsumer } from "./fixtures.js";

async function send(topic: string, events: { id: string; type: string; n: number }[]) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: events.map(({ id, type, n }) => ({ key: "a", value: JSON.stringify({ n }), headers: { id, type } })),
  });
  await producer.disconnect();
}

const event = (type: string, n: number) => ({ id: randomUUID(), type, n });

describe("consuming in batches", () => {
  it("When many events wait, then a chunk of them commits in one transaction, in order, each claimed once", async () => {
    const topic = await freshTopic(1);
    const events = Array.from({ length: 50 }, (_, n) => event("Step", n));
    await send(topic, events);

    const seen: { n: number; txid: string }[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const running = await startTestConsumer(topic, async (received, tx) => {
      const { rows } = await tx.query<{ txid: string }>("SELECT txid_current()::text AS txid");
      seen.push({ n: (received.payload as { n: number }).n, txid: rows[0]!.txid });
      if (seen.length === events.length) done();
    });
    await finished;
    await running.stop();

    expect(seen.map((s) => s.n)).toEqual(events.map((e) => e.n));
    expect(new Set(seen.map((s) => s.txid)).size, "transactions for 50 events").toBeLessThan(events.length / 5);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM inbox WHERE consumer = $1", [running.groupId]);
    expect(rows[0].n).toBe(events.length);
  });

  it("When an event's type is not one the consumer acts on, then it costs no handler call and no inbox row", async () => {
    const topic = await freshTopic(1);
    const wanted = [event("Wanted", 1), event("Wanted", 3)];
    await send(topic, [event("Other", 0), wanted[0]!, event("Other", 2), wanted[1]!]);

    const handled: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const running = await startTestConsumer(
      topic,
      async (received) => {
        handled.push(received.id);
        if (handled.length === wanted.length) done();
      },
      { types: ["Wanted"] },
    );
    await finished;
    await running.stop();

    expect(handled).toEqual(wanted.map((e) => e.id));
    const { rows } = await pool.query("SELECT event_id FROM inbox WHERE consumer = $1 ORDER BY event_id", [
      running.groupId,
    ]);
    expect(rows.map((r) => r.event_id)).toEqual(wanted.map((e) => e.id).sort());
  });

  it("When a batch fails on one event, then its neighbours' after-commit effects run once and the bad one is dead-lettered", async () => {
    const topic = await freshTopic(1);
    const [before, bad, after] = [event("Fine", 0), event("Bad", 1), event("Fine", 2)];
    await send(topic, [before, bad, after]);

    const committed: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const running = await startTestConsumer(
      topic,
      async (received: ReceivedEvent, tx: Tx) => {
        // A constraint PostgreSQL enforces (SQLSTATE 23502, not null): no retry fixes it.
        if (received.type === "Bad") {
          await tx.query("CREATE TEMP TABLE bad (n int NOT NULL) ON COMMIT DROP; INSERT INTO bad VALUES (NULL)");
        }
        return () => {
          committed.push(received.id);
          if (received.id === after.id) done();
        };
      },
      { maxAttempts: 2, backoffMs: 10 },
    );
    await finished;
    await running.stop();

    expect(committed).toEqual([before.id, after.id]);
    const { rows } = await pool.query("SELECT event_id FROM inbox WHERE consumer = $1", [running.groupId]);
    expect(rows.map((r) => r.event_id).sort()).toEqual([before.id, after.id].sort());
  });

  it("When events need a slow call before their transaction, then the calls run side by side", async () => {
    const topic = await freshTopic(1);
    const events = Array.from({ length: 20 }, (_, n) => event("Pay", n));
    await send(topic, events);

    let inFlight = 0;
    let mostInFlight = 0;
    const handled: number[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const prepare = async () => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await sleep(50);
      inFlight--;
      return undefined;
    };
    const running = await startTestConsumer(
      topic,
      async (received) => {
        handled.push((received.payload as { n: number }).n);
        if (handled.length === events.length) done();
      },
      { prepare },
    );
    await finished;
    await running.stop();

    expect(mostInFlight).toBeGreaterThan(3);
    expect(handled).toEqual(events.map((e) => e.n));
  });
});
