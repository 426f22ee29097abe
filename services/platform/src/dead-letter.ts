import type { IHeaders, KafkaMessage, Producer } from "kafkajs";
import { eventsDeadLettered } from "./messaging-metrics.js";
import { LABELS } from "./metric-names.js";

/** Headers as Kafka accepts them on produce: null values (which Debezium may write) are dropped. */
function sendableHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([, value]) => value !== null && value !== undefined));
}

/** Sends the message on to the dead-letter topic as it came, with why, and where it came from, in headers. */
export async function deadLetter(
  producer: Producer,
  dlqTopic: string,
  topic: string,
  message: KafkaMessage,
  reason: string,
) {
  const group = dlqTopic.replace(/\.dlq$/, "");
  eventsDeadLettered.inc({ [LABELS.consumerGroup]: group, [LABELS.destination]: topic });
  await producer.send({
    topic: dlqTopic,
    messages: [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...sendableHeaders(message.headers),
          "dlq.reason": reason,
          "dlq.topic": topic,
          "dlq.offset": message.offset,
        },
      },
    ],
  });
}

const TRANSIENT_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/**
 * Connection-level failures say nothing about the event: retry until the dependency is back.
 * SQLSTATE classes 08 (connection), 53 (resources) and 57 (operator intervention, e.g. shutdown);
 * class 40 (deadlock, serialization failure) says only that a concurrent transaction won the race.
 */
export function isTransient(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  if (code) return /^(08|40|53|57)/.test(code) || ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(code);
  return TRANSIENT_MESSAGES.test(message ?? "");
}
