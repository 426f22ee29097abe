import type { Consumer } from "kafkajs";
import { LABELS, METRICS } from "./metric-names.js";
import { counter, gauge } from "./metrics.js";

const { consumerGroup, destination, partition, outcome, aggregateType, eventType } = LABELS;

export const outboxEvents = counter(
  METRICS.outboxEvents,
  "Events written to the transactional outbox (rows inserted; a rolled-back transaction takes its row with it).",
  [aggregateType, eventType],
);

export const eventsConsumed = counter(
  METRICS.eventsConsumed,
  "Events a consumer group took from Kafka, by outcome: handled, or duplicate (already in the inbox).",
  [consumerGroup, destination, outcome],
);

export const eventsDeadLettered = counter(
  METRICS.eventsDeadLettered,
  "Events sent to the consumer group's dead-letter topic.",
  [consumerGroup, destination],
);

const consumerLag = gauge(
  METRICS.consumerLag,
  "Messages between the partition's high watermark and the consumer's position, after its last batch.",
  [consumerGroup, destination, partition],
);

/** Records each partition's lag as kafkajs reports it at the end of every batch. */
export function trackConsumerLag(consumer: Consumer, groupId: string): void {
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    consumerLag.set(
      { [consumerGroup]: groupId, [destination]: payload.topic, [partition]: String(payload.partition) },
      Number(payload.offsetLag),
    );
  });
}
