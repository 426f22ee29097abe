export {
  ConnectClient,
  ConnectError,
  type ConnectorConfig,
  type ConnectorStatus,
  type TaskState,
} from "./connect-client.js";
export { outboxConnector, connectorName, topicOf, type OutboxSource } from "./connectors.js";
export { registerOutboxConnectors } from "./register.js";
export { replicationSlotLag, type SlotLag } from "./slots.js";
