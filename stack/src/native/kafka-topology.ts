import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { haNodeValues, kafkaDir, kafkaNodeIds, type KafkaTopology } from "./kafka-cluster.js";
import { REPO_ROOT, stackPaths } from "./paths.js";
import { renderTemplate } from "./render.js";
import { UsageError } from "../util/usage.js";

const HA_TEMPLATE = "cdc/kafka/server-ha.properties";
const markerFile = () => join(stackPaths().data, "kafka-topology");

/**
 * The topology the stack's Kafka data was made for (none before node 1 is first formatted); data from
 * before the marker existed is a single node's.
 */
export function recordedTopology(): KafkaTopology | undefined {
  if (!existsSync(join(stackPaths().data, "kafka", "meta.properties"))) return undefined;
  return existsSync(markerFile()) ? (readFileSync(markerFile(), "utf8").trim() as KafkaTopology) : "single";
}

/** The running stack's topology, for the CLI's own clients: a single node unless the data says ha. */
export const stackTopology = (): KafkaTopology => recordedTopology() ?? "single";

/**
 * Claims the stack's data for a topology. A single node's topics have one replica and its quorum one
 * voter, so they cannot turn into a cluster's (nor back): switching needs the data wiped first.
 */
export function claimTopology(wanted: KafkaTopology): KafkaTopology {
  const recorded = recordedTopology();
  if (recorded && recorded !== wanted) {
    const [made, asked] = [recorded, wanted].map((t) =>
      t === "ha" ? "three Kafka nodes (profile ha)" : "one Kafka node",
    );
    throw new UsageError(
      `the stack's data was made for ${made}, not ${asked}; run 'firebreak down --volumes' first (it wipes the stack's data)`,
    );
  }
  mkdirSync(stackPaths().data, { recursive: true });
  writeFileSync(markerFile(), `${wanted}\n`);
  return wanted;
}

/** Renders each ha node's server.properties (node 1's in place of the single node's) and makes its log dir. */
export function renderKafkaCluster(values: Record<string, string>, confDir: string): void {
  const template = readFileSync(join(REPO_ROOT, HA_TEMPLATE), "utf8");
  for (const node of kafkaNodeIds("ha")) {
    const dir = join(confDir, kafkaDir(node));
    mkdirSync(dir, { recursive: true });
    mkdirSync(join(stackPaths().data, kafkaDir(node)), { recursive: true });
    writeFileSync(
      join(dir, "server.properties"),
      renderTemplate(template, { ...values, ...haNodeValues(node) }, HA_TEMPLATE),
    );
  }
}
