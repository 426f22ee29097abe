/** The Kafka topic of an aggregate type: Debezium's outbox EventRouter routes each row by its aggregatetype. */
export const topicOf = (aggregateType: string) => `firebreak.${aggregateType}`;

/**
 * What each consumer group reads: the services subscribe with it, and `firebreak verify` measures
 * their lag with it, so the two cannot drift apart.
 */
export const SUBSCRIPTIONS: Record<"orders" | "inventory" | "payments" | "analytics", string[]> = {
  orders: [topicOf("inventory"), topicOf("payment")],
  inventory: [topicOf("order"), topicOf("payment")],
  payments: [topicOf("inventory")],
  analytics: [topicOf("order"), topicOf("inventory"), topicOf("payment")],
};
