import { logLevel } from "kafkajs";
import { kafkaClient } from "@firebreak/platform";
import { toolBootstrap } from "../native/kafka-cluster.js";
import { stackTopology } from "../native/kafka-topology.js";

/** A Kafka client for the CLI and the tests, pointed at the stack's node (or every node of the ha cluster) and quiet. */
export const stackKafka = (clientId = "firebreak-cli") =>
  kafkaClient(clientId, toolBootstrap(stackTopology()), logLevel.NOTHING);
