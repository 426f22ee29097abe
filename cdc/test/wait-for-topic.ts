import { randomUUID } from "node:crypto";
import { sleep } from "@firebreak/platform";
import type { Kafka } from "kafkajs";

/** Debezium creates an aggregate's topic with its first event; waits up to a minute for it. */
export async function waitForTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  for (let i = 0; i < 120 && !(await admin.listTopics()).includes(topic); i++) await sleep(500);
  await admin.disconnect();
}

/**
 * Event ids (the `id` header) read from the topic's beginning until `done` says enough, or until
 * `seconds` pass: then what arrived so far.
 */
export async function idsOnTopic(
  kafka: Kafka,
  topic: string,
  done: (ids: string[]) => boolean,
  seconds = 90,
): Promise<string[]> {
  await waitForTopic(kafka, topic);
  const consumer = kafka.consumer({ groupId: `cdc-test-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const ids: string[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        ids.push(String(message.headers?.id ?? `(no id, value ${String(message.value)})`));
        if (done(ids)) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return ids;
}
