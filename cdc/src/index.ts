export {
  ConnectClient,
  ConnectError,
  type ConnectorConfig,
  type ConnectorStatus,
  type SourceOffset,
  type TaskState,
} from "./connect-client.js";
export { outboxConnector, connectorName, slotName, topicOf, type OutboxSource } from "./connectors.js";
export { registerOutboxConnectors, untilConnectorsAre } from "./register.js";
export { lastPublished, recoverOutbox, type OutboxRecovery } from "./recover.js";
export { dropReplicationSlot, replicationSlotLag, type SlotLag } from "./slots.js";
