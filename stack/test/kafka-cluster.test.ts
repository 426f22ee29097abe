import { afterEach, describe, expect, it } from "vitest";
import {
  clientBootstrap,
  clusterLinks,
  haNodeValues,
  KAFKA_CLIENTS,
  KAFKA_NODE_PROCESSES,
  kafkaNodeIds,
  kafkaProcess,
} from "../src/native/kafka-cluster.js";
import { kafkaEnv } from "../src/native/kafka-cluster-env.js";
import { PORTS, PROXY_PORTS } from "../src/native/ports.js";
import { LINKS } from "../src/chaos/links.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../src/native/paths.js";
import { renderTemplate } from "../src/native/render.js";
import { stackEnv } from "../src/native/env.js";

/** A listener list (NAME://host:port,...) as name → port. */
const ports = (listeners: string) =>
  new Map(listeners.split(",").map((entry) => [entry.split("://")[0]!, Number(entry.split(":").at(-1))]));

const nodes = kafkaNodeIds("ha");
const linkAt = (port: number) => clusterLinks("ha").find((link) => link.listen === port);

afterEach(() => {
  delete process.env.FIREBREAK_PROXIES;
});

describe("the ha profile's Kafka cluster", () => {
  it("When every port of the cluster is listed with the stack's, then no two are the same", () => {
    const listening = nodes.flatMap((node) => [...ports(haNodeValues(node).FB_NODE_LISTENERS!).values()]);
    const proxies = clusterLinks("ha").map((link) => link.listen);
    const all = [...listening, ...proxies, ...Object.values(PORTS), ...Object.values(PROXY_PORTS)];
    // Node 1 keeps the single node's plaintext and client ports, which PORTS lists as well.
    expect(new Set(all).size).toBe(all.length - 6);
    for (const port of all) expect(port).toBeLessThan(32_768);
  });

  it("When a node fetches from a peer, then it goes through the proxy from it to that peer's listener for it", () => {
    for (const leader of nodes) {
      const values = haNodeValues(leader);
      const [listening, advertised] = [ports(values.FB_NODE_LISTENERS!), ports(values.FB_NODE_ADVERTISED_LISTENERS!)];
      for (const follower of nodes.filter((node) => node !== leader)) {
        expect(haNodeValues(follower).FB_NODE_INTER_BROKER_LISTENER).toBe(`BROKER_${follower}`);
        const link = linkAt(advertised.get(`BROKER_${follower}`)!);
        expect(link, `${follower} → ${leader}`).toMatchObject({
          name: `kafka_${follower}_to_kafka_${leader}_replication`,
          from: kafkaProcess(follower),
          to: kafkaProcess(leader),
          upstream: listening.get(`BROKER_${follower}`),
        });
      }
    }
  });

  it("When a node reaches the quorum, then each voter and each advertised controller listener is its own proxy", () => {
    for (const node of nodes) {
      const values = haNodeValues(node);
      expect(values.FB_NODE_CONTROLLER_LISTENERS!.split(",")[0]).toBe(`CONTROLLER_${node}`);
      for (const [voter, address] of values.FB_NODE_VOTERS!.split(",").map((entry) => entry.split("@"))) {
        const port = Number(address!.split(":")[1]);
        const voterListening = ports(haNodeValues(Number(voter)).FB_NODE_LISTENERS!);
        if (Number(voter) === node) {
          expect(port).toBe(voterListening.get(`CONTROLLER_${node}`));
          continue;
        }
        expect(linkAt(port), `${node} → voter ${voter}`).toMatchObject({
          from: kafkaProcess(node),
          to: kafkaProcess(Number(voter)),
          upstream: voterListening.get(`CONTROLLER_${node}`),
        });
        const advertised = ports(haNodeValues(Number(voter)).FB_NODE_ADVERTISED_LISTENERS!);
        expect(advertised.get(`CONTROLLER_${node}`)).toBe(port);
      }
    }
  });

  it("When a client bootstraps, then it reaches every node through proxies of its own", () => {
    for (const client of KAFKA_CLIENTS) {
      const bootstrap = clientBootstrap(client, "ha").split(",");
      expect(bootstrap).toHaveLength(3);
      const [first, ...peers] = bootstrap.map((address) => Number(address.split(":")[1]));
      expect(LINKS.find((link) => PROXY_PORTS[link.name] === first)?.from).toBe(client);
      for (const [index, port] of peers.entries()) {
        expect(linkAt(port!)).toMatchObject({ from: client, to: KAFKA_NODE_PROCESSES[index + 1] });
      }
    }
    expect(clientBootstrap("orders", "single")).toBe(`127.0.0.1:${PROXY_PORTS.ordersToKafka}`);
  });

  it("When the proxies are bypassed, then nodes advertise and list their peers' own ports", () => {
    process.env.FIREBREAK_PROXIES = "bypass";
    const proxyPorts = new Set(clusterLinks("ha").map((link) => link.listen));
    for (const node of nodes) {
      const values = haNodeValues(node);
      const addresses = [...ports(values.FB_NODE_ADVERTISED_LISTENERS!).values()];
      const voters = values.FB_NODE_VOTERS!.split(",").map((entry) => Number(entry.split(":")[1]));
      for (const port of [...addresses, ...voters]) expect(proxyPorts.has(port), `node ${node}: ${port}`).toBe(false);
    }
  });

  it("When the ha template is rendered for each node, then no placeholder is left and each node is itself", () => {
    const template = readFileSync(join(REPO_ROOT, "cdc", "kafka", "server-ha.properties"), "utf8");
    for (const node of nodes) {
      const rendered = renderTemplate(template, { ...stackEnv("ha"), ...haNodeValues(node) }, "server-ha.properties");
      expect(rendered).not.toMatch(/\$\{FB_/);
      expect(rendered).toMatch(new RegExp(`^node\\.id=${node}$`, "m"));
      expect(rendered).toMatch(/^min\.insync\.replicas=2$/m);
    }
  });

  it("When the topology is chosen, then replicas, probe and metrics targets follow the number of nodes", () => {
    expect(kafkaEnv("single")).toMatchObject({ FB_KAFKA_REPLICATION_FACTOR: "1" });
    expect(kafkaEnv("single").FB_KAFKA_METRICS_TARGETS).toBe(`["127.0.0.1:${PORTS.kafkaMetrics}"]`);
    expect(kafkaEnv("single").FB_KAFKA_READY_PROBE).toContain(`/dev/tcp/127.0.0.1/${PORTS.kafka}`);
    const ha = kafkaEnv("ha");
    expect(ha.FB_KAFKA_REPLICATION_FACTOR).toBe("3");
    expect(JSON.parse(ha.FB_KAFKA_METRICS_TARGETS!)).toHaveLength(3);
    expect(ha.FB_KAFKA_READY_PROBE).toContain("ActiveBrokerCount.} 3.0");
    expect(clusterLinks("single")).toEqual([]);
  });
});
