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
