import type { Profile } from "./manifest.js";
import { HOST, KAFKA_NODE_PORTS, KAFKA_NODE_PROXY_PORTS, PORTS, type PortName } from "./ports.js";
import { linkPort, proxies, type ClusterLink } from "../chaos/links.js";

/** One KRaft node (the default), or the ha profile's three, each a controller and a broker. */
export type KafkaTopology = "single" | "ha";
export const topologyOf = (profile: Profile): KafkaTopology => (profile === "ha" ? "ha" : "single");
export const kafkaNodeIds = (topology: KafkaTopology): number[] => (topology === "ha" ? [1, 2, 3] : [1]);

/** Node 1 is the supervisor's `kafka` in both topologies, so that what depends on Kafka starts alike. */
export const kafkaProcess = (node: number) => (node === 1 ? "kafka" : `kafka-${node}`);
/** The ha profile's Kafka processes: node 1 (`kafka`), `kafka-2` and `kafka-3`. */
export const KAFKA_NODE_PROCESSES = [1, 2, 3].map(kafkaProcess) as [string, ...string[]];

/** Where a node's rendered config lives under the stack's conf directory, and its log dirs under data. */
export const kafkaDir = (node: number) => (node === 1 ? "kafka" : `kafka-${node}`);

/** The clients with a listener of their own on every node, each listener advertised at the client's own proxy. */
export const KAFKA_CLIENTS = ["orders", "inventory", "payments", "analytics", "connect"] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

export type Purpose = keyof typeof KAFKA_NODE_PORTS.offsets;
const CLIENT_PURPOSE = {
  orders: "forOrders",
  inventory: "forInventory",
  payments: "forPayments",
  analytics: "forAnalytics",
  connect: "forConnect",
} as const satisfies Record<KafkaClientName, Purpose>;

const NODE_1_PORTS: Partial<Record<Purpose, PortName>> = {
  plaintext: "kafka",
  controller: "kafkaController",
  forOrders: "kafkaForOrders",
  forInventory: "kafkaForInventory",
  forPayments: "kafkaForPayments",
  forAnalytics: "kafkaForAnalytics",
  forConnect: "kafkaForConnect",
  metrics: "kafkaMetrics",
};

/** Where node n listens for one purpose; node 1 keeps the single node's ports. */
export function nodePort(node: number, purpose: Purpose): number {
  const single = node === 1 ? NODE_1_PORTS[purpose] : undefined;
  if (single) return PORTS[single];
  return KAFKA_NODE_PORTS.bases[node as 1 | 2 | 3] + KAFKA_NODE_PORTS.offsets[purpose];
}

const brokerListener = (node: number) => `broker${node}` as Purpose;
const controllerListener = (node: number) => `controller${node}` as Purpose;
const proxied = () => proxies() === "on";

/** The port a client connects to for node n: its own proxy to that node, or the node itself when bypassed. */
export function clientPort(client: KafkaClientName, node: number): number {
  if (node === 1) return linkPort(`${client}ToKafka`, proxies());
  if (!proxied()) return nodePort(node, CLIENT_PURPOSE[client]);
  return KAFKA_NODE_PROXY_PORTS.clients + 100 * node + KAFKA_CLIENTS.indexOf(client);
}

/** Where node `from` reaches node `to` for replication, or for the controller quorum. */
function peerPort(kind: "replication" | "controller", from: number, to: number): number {
  const direct = nodePort(to, kind === "replication" ? brokerListener(from) : controllerListener(from));
  return from === to || !proxied() ? direct : KAFKA_NODE_PROXY_PORTS[kind] + 10 * from + to;
}

/** A client's bootstrap list: every node, through the client's own proxies. */
export const clientBootstrap = (client: KafkaClientName, topology: KafkaTopology) =>
  kafkaNodeIds(topology)
    .map((node) => `${HOST}:${clientPort(client, node)}`)
    .join(",");

/** Every node's direct listener, for the CLI and the tests (never faulted). */
export const toolBootstrap = (topology: KafkaTopology) =>
  kafkaNodeIds(topology).map((node) => `${HOST}:${nodePort(node, "plaintext")}`);

/**
 * The ha cluster's links beyond the default ones (which are node 1's client links): each client to
 * nodes 2 and 3, and each direction between two nodes, for replication and for the quorum.
 */
export function clusterLinks(topology: KafkaTopology): ClusterLink[] {
  if (topology === "single") return [];
  const nodes = kafkaNodeIds(topology);
  const links: ClusterLink[] = [];
  for (const node of nodes.filter((id) => id !== 1)) {
    for (const [index, client] of KAFKA_CLIENTS.entries()) {
      links.push({
        name: `${client}_to_kafka_${node}`,
        from: client,
        to: kafkaProcess(node),
        listen: KAFKA_NODE_PROXY_PORTS.clients + 100 * node + index,
        upstream: nodePort(node, CLIENT_PURPOSE[client]),
      });
    }
  }
  for (const from of nodes) {
    for (const to of nodes.filter((id) => id !== from)) {
      for (const kind of ["replication", "controller"] as const) {
        links.push({
          name: `kafka_${from}_to_kafka_${to}_${kind}`,
          from: kafkaProcess(from),
          to: kafkaProcess(to),
          listen: KAFKA_NODE_PROXY_PORTS[kind] + 10 * from + to,
          upstream: nodePort(to, kind === "replication" ? brokerListener(from) : controllerListener(from)),
        });
      }
    }
  }
  return links;
}

/**
 * The per-node settings of the ha template (cdc/kafka/server-ha.properties), as FB_NODE_* values.
 * Node n reaches its peers through the listeners named for it: BROKER_n to fetch replicas, and
 * CONTROLLER_n (its first controller listener) to reach the quorum. Every node advertises each
 * such listener at the proxy from that peer to itself.
 */
export function haNodeValues(node: number): Record<string, string> {
  const nodes = kafkaNodeIds("ha");
  const listener = (name: string, port: number) => `${name}://${HOST}:${port}`;
  const clients = KAFKA_CLIENTS.map((client) => [client.toUpperCase(), client] as const);
  const brokers = nodes.map((peer) => [`BROKER_${peer}`, peer] as const);
  const controllers = [node, ...nodes.filter((peer) => peer !== node)].map(
    (peer) => [`CONTROLLER_${peer}`, peer] as const,
  );
  const names = ["PLAINTEXT", ...clients.map(([name]) => name), ...brokers.map(([name]) => name)];
  return {
    FB_NODE_ID: String(node),
    FB_NODE_LOG_DIR: kafkaDir(node),
    FB_NODE_VOTERS: nodes.map((voter) => `${voter}@${HOST}:${peerPort("controller", node, voter)}`).join(","),
    FB_NODE_LISTENERS: [
      listener("PLAINTEXT", nodePort(node, "plaintext")),
      ...controllers.map(([name, peer]) => listener(name, nodePort(node, controllerListener(peer)))),
      ...clients.map(([name, client]) => listener(name, nodePort(node, CLIENT_PURPOSE[client]))),
      ...brokers.map(([name, peer]) => listener(name, nodePort(node, brokerListener(peer)))),
    ].join(","),
    FB_NODE_ADVERTISED_LISTENERS: [
      listener("PLAINTEXT", nodePort(node, "plaintext")),
      ...controllers.map(([name, peer]) => listener(name, peerPort("controller", peer, node))),
      ...clients.map(([name, client]) => listener(name, clientPort(client, node))),
      ...brokers.map(([name, peer]) => listener(name, peerPort("replication", peer, node))),
    ].join(","),
    FB_NODE_CONTROLLER_LISTENERS: controllers.map(([name]) => name).join(","),
    FB_NODE_INTER_BROKER_LISTENER: `BROKER_${node}`,
    FB_NODE_PROTOCOL_MAP: [...names, ...controllers.map(([name]) => name)].map((name) => `${name}:PLAINTEXT`).join(","),
  };
}
