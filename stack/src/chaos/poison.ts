import { randomUUID } from "node:crypto";
import { SUBSCRIPTIONS, topicOf } from "@firebreak/platform";
import { listDeadLetters } from "../clients/dlq.js";
import { stackKafka } from "../clients/kafka.js";
import type { ExpectationResult, PoisonedRecords } from "./journal.js";
import type { Timeline } from "./timeline.js";

/** The aggregates whose topics a poison step may write to (Debezium's outbox routes one topic each). */
export const POISONABLE = ["order", "inventory", "payment"] as const;
export type Poisonable = (typeof POISONABLE)[number];

/** The consumer groups that read a topic, and so must each set a poison record on it aside. */
export const groupsReading = (topic: string) =>
  Object.entries(SUBSCRIPTIONS)
    .filter(([, topics]) => topics.includes(topic))
    .map(([group]) => group);

/**
 * Produces records that look like events (an id, a type the consumers act on, an order's key) but
 * whose value is not JSON, as a producer with a serialisation bug would write them. Returns what was
 * written, so that the dead-letter queues can be searched for exactly these.
 */
export async function injectPoison(
  step: { topic: Poisonable; count: number },
  timeline: Timeline,
): Promise<PoisonedRecords> {
  const topic = topicOf(step.topic);
  const eventIds = Array.from({ length: step.count }, () => randomUUID());
  const producer = stackKafka().producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: eventIds.map((id) => ({
        key: randomUUID(),
        value: `{"orderId": "${id}", "items": [`,
        headers: { id, type: "OrderPlaced" },
      })),
    });
  } finally {
    await producer.disconnect();
  }
  timeline.log("inject", `${step.count} poison record(s) produced to ${topic}: events whose value is not JSON`);
  return { topic, eventIds };
}

/** Every group that reads a poisoned topic set each poison record aside in its dead-letter topic, with a reason. */
export async function deadLetterExpectations(poisoned: PoisonedRecords[]): Promise<ExpectationResult[]> {
  const results: ExpectationResult[] = [];
  for (const { topic, eventIds } of poisoned) {
    for (const group of groupsReading(topic)) {
      const letters = (await listDeadLetters(`${group}.dlq`)).filter((l) => l.eventId && eventIds.includes(l.eventId));
      const found = new Set(letters.filter((l) => l.reason && l.topic === topic).map((l) => l.eventId));
      results.push({
        kind: "dead-lettered",
        name: `${group} set the ${eventIds.length} poison record(s) on ${topic} aside in ${group}.dlq`,
        passed: eventIds.every((id) => found.has(id)),
        detail:
          letters.length === 0
            ? "none is in the dead-letter topic"
            : `${found.size} of ${eventIds.length} there, reason: ${letters[0]!.reason}` +
              (letters.length > eventIds.length ? ` (${letters.length - eventIds.length} more than once)` : ""),
      });
    }
  }
  return results;
}
