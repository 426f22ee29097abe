import { logLevel } from "kafkajs";
import { kafkaClient } from "@firebreak/platform";
import { HOST, PORTS } from "../native/ports.js";

/** A Kafka client for the CLI and the tests, pointed at the stack's broker and quiet. */
export const stackKafka = (clientId = "firebreak-cli") =>
  kafkaClient(clientId, [`${HOST}:${PORTS.kafka}`], logLevel.NOTHING);
