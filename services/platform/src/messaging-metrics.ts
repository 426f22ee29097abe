import { LABELS, METRICS } from "./metric-names.js";
import { counter } from "./metrics.js";

const { consumerGroup, destination, outcome, aggregateType, eventType } = LABELS;

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
