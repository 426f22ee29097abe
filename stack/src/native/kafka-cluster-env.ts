import { HOST, KAFKA_NODE_PORTS, PORTS } from "./ports.js";
import {
  clientBootstrap,
  clusterLinks,
  KAFKA_CLIENTS,
  kafkaNodeIds,
  kafkaProcess,
  nodePort,
  type KafkaTopology,
  type Purpose,
} from "./kafka-cluster.js";

/**
 * Node 1 is ready when the broker takes connections; in the ha profile, when it counts all three
 * brokers as active (its controller metrics), so that Connect, which starts after it, can create
 * its topics with three replicas.
 */
function readyProbe(topology: KafkaTopology): string {
  if (topology === "single") return `</dev/tcp/${HOST}/${PORTS.kafka}`;
  const count = kafkaNodeIds(topology).length;
  return [
    `exec 3<>/dev/tcp/${HOST}/${PORTS.kafkaMetrics}`,
    `printf "GET /metrics HTTP/1.0\\r\\n\\r\\n" >&3`,
    `grep -q "ActiveBrokerCount.} ${count}.0" <&3`,
  ].join(" && ");
}

/** The values the supervisor file, Connect's worker and Prometheus take for the topology, as FB_* variables. */
export function kafkaEnv(topology: KafkaTopology): Record<string, string> {
  const env: Record<string, string> = {
    FB_KAFKA_REPLICATION_FACTOR: String(kafkaNodeIds(topology).length),
    FB_KAFKA_READY_PROBE: readyProbe(topology),
    // A YAML flow sequence, so that prometheus.yml stays YAML with the placeholder in it.
    FB_KAFKA_METRICS_TARGETS: JSON.stringify(
      kafkaNodeIds(topology).map((node) => `${HOST}:${nodePort(node, "metrics")}`),
    ),
  };
  for (const client of KAFKA_CLIENTS)
    env[`FB_KAFKA_BOOTSTRAP_${client.toUpperCase()}`] = clientBootstrap(client, topology);
  // The supervisor file names nodes 2 and 3 whichever profile runs; only ha starts them.
  for (const node of kafkaNodeIds("ha").filter((id) => id !== 1)) {
    env[`FB_PORT_KAFKA_${node}`] = String(nodePort(node, "plaintext"));
    env[`FB_PORT_KAFKA_${node}_METRICS`] = String(nodePort(node, "metrics"));
  }
  return env;
}

/** The ports the ha cluster adds to the stack's (node 1's single-node ports are in PORTS already), named. */
export function clusterPorts(): [string, number][] {
  const listening = kafkaNodeIds("ha").flatMap((node) =>
    Object.keys(KAFKA_NODE_PORTS.offsets).map(
      (purpose) => [`${kafkaProcess(node)} ${purpose}`, nodePort(node, purpose as Purpose)] as [string, number],
    ),
  );
  const proxies = clusterLinks("ha").map((link): [string, number] => [link.name, link.listen]);
  const single = new Set(Object.values(PORTS) as number[]);
  return [...listening, ...proxies].filter(([, port]) => !single.has(port));
}
