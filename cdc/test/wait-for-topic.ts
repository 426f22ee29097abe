import { setTimeout as sleep } from "node:timers/promises";
import type { Kafka } from "kafkajs";

/** Debezium creates an aggregate's topic with its first event; waits up to a minute for it. */
export async function waitForTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  for (let i = 0; i < 120 && !(await admin.listTopics()).includes(topic); i++) await sleep(500);
  await admin.disconnect();
}
