import { randomUUID } from "node:crypto";
import type { IHeaders, Kafka, KafkaMessage } from "kafkajs";
import { stackKafka } from "./kafka.js";

/** One dead letter: where it sits, what it was, and why it was set aside. */
export interface DeadLetter {
  partition: number;
  offset: string;
  /** The topic it was consumed from, where a replay sends it back. */
  topic: string;
  eventId?: string;
  eventType?: string;
  reason: string;
}

const DLQ_HEADERS = new Set(["dlq.reason", "dlq.topic", "dlq.offset"]);
const text = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString();

const letterOf = (partition: number, message: KafkaMessage): DeadLetter => ({
  partition,
  offset: message.offset,
  topic: text(message.headers, "dlq.topic") ?? "",
  eventId: text(message.headers, "id"),
  eventType: text(message.headers, "type"),
  reason: text(message.headers, "dlq.reason") ?? "",
});

/**
 * Reads a topic from `groupId`'s committed offsets (or the beginning) up to its end as it is now,
 * handing each message to `each`; then commits, so that the group resumes after them. Resolves once
 * every partition has been read to the end it had when the read began.
 */
async function readToEnd(
  kafka: Kafka,
  topic: string,
  groupId: string,
  each: (partition: number, message: KafkaMessage) => Promise<void>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return;
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
    const start = new Map(committed.map((p) => [p.partition, p.offset === "-1" ? 0n : BigInt(p.offset)]));
    const remaining = new Set(
      [...ends].filter(([partition, end]) => (start.get(partition) ?? 0n) < end).map(([p]) => p),
    );
    if (remaining.size === 0) return;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const done = new Promise<void>((resolve, reject) => {
        void consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              if (!remaining.has(partition) || BigInt(message.offset) >= ends.get(partition)!) return;
              await each(partition, message);
              const next = (BigInt(message.offset) + 1n).toString();
              await consumer.commitOffsets([{ topic, partition, offset: next }]);
              if (BigInt(next) >= ends.get(partition)!) remaining.delete(partition);
              if (remaining.size === 0) resolve();
            },
          })
          .catch(reject);
      });
      await done;
    } finally {
      await consumer.disconnect();
    }
  } finally {
    await admin.disconnect();
  }
}

/** Every dead letter of a topic, oldest first per partition; read with a throwaway group, which is deleted. */
export async function listDeadLetters(dlqTopic: string, kafka = stackKafka("firebreak-dlq")): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  const groupId = `firebreak-dlq-list-${randomUUID()}`;
  await readToEnd(
    kafka,
    dlqTopic,
    groupId,
    async (partition, message) => void letters.push(letterOf(partition, message)),
  );
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
  return letters;
}

/**
 * Sends each dead letter not replayed before back to the topic it came from, as it first arrived
 * (key, value and headers, without the dead-letter ones), so that the consumer handles it through its
 * normal path: its inbox makes a second delivery harmless, and every other group of that topic
 * deduplicates the same way. `replayGroup` remembers how far replays have gone.
 */
export async function replayDeadLetters(
  dlqTopic: string,
  replayGroup: string,
  kafka = stackKafka("firebreak-dlq"),
): Promise<DeadLetter[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const replayed: DeadLetter[] = [];
  try {
    await readToEnd(kafka, dlqTopic, replayGroup, async (partition, message) => {
      const letter = letterOf(partition, message);
      if (!letter.topic) throw new Error(`dead letter ${partition}/${message.offset} has no dlq.topic header`);
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).filter(([name, value]) => !DLQ_HEADERS.has(name) && value != null),
      ) as IHeaders;
      await producer.send({ topic: letter.topic, messages: [{ key: message.key, value: message.value, headers }] });
      replayed.push(letter);
    });
  } finally {
    await producer.disconnect();
  }
  return replayed;
}
