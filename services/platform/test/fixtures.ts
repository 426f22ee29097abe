import { randomUUID } from "node:crypto";
import { afterAll } from "vitest";
import { logLevel } from "kafkajs";
import { serviceEnv } from "@firebreak/stack/service-env";
import { migrateTestDatabase } from "@firebreak/stack/service-migrations";
import {
  createLogger,
  createPool,
  kafkaClient,
  startConsumer,
  type ConsumerOptions,
  type EventHandler,
  type RunningConsumer,
} from "../src/index.js";

/** The platform tests' real PostgreSQL (orders' test database) and Kafka; the pool closes after the file. */
const env = serviceEnv("orders", "test");
export const pool = createPool(env.DATABASE_URL!);
export const kafka = kafkaClient("platform-test", env.KAFKA_BROKERS!.split(","), logLevel.NOTHING);
export const logger = createLogger("platform-test", "silent");

afterAll(() => pool.end());

/** A new topic with the platform's tables migrated, so a consumer can claim events in the inbox. */
export async function freshTopic(numPartitions: number, prefix = "platform-test"): Promise<string> {
  await migrateTestDatabase("orders");
  const topic = `${prefix}-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
}

/** Starts the platform's consumer loop on one topic in a new group of its own. */
export async function startTestConsumer(
  topic: string,
  handle: EventHandler,
  extra: Partial<ConsumerOptions> = {},
): Promise<RunningConsumer & { groupId: string }> {
  const groupId = `platform-test-${randomUUID()}`;
  const running = await startConsumer({ kafka, pool, logger, groupId, topics: [topic], ...extra, handle });
  return { ...running, groupId };
}
