import { pollSettled, sleep } from "@firebreak/platform";
import { requestOnce } from "../clients/http-once.js";
import { kafkaNodeIds, kafkaProcess, nodePort } from "../native/kafka-cluster.js";
import { stackTopology } from "../native/kafka-topology.js";
import { HOST } from "../native/ports.js";
import type { ExpectationResult } from "./journal.js";

/** A node's metrics page (its JMX exporter), or undefined while the node is down. */
export async function nodeMetrics(node: number): Promise<string | undefined> {
  const response = await requestOnce({
    method: "GET",
    host: HOST,
    port: nodePort(node, "metrics"),
    path: "/metrics",
    timeoutMs: 5_000,
    label: `${kafkaProcess(node)}'s metrics`,
  }).catch(() => undefined);
  return response?.status === 200 ? response.body : undefined;
}

const gauge = (metrics: string, family: string, name: string) =>
  Number(metrics.match(new RegExp(`^${family}_value\\{name="${name}"\\} (\\S+)$`, "m"))?.[1] ?? Number.NaN);

/** The node whose controller leads the quorum, as its own metrics say (ActiveControllerCount 1). */
export async function activeControllerProcess(): Promise<string | undefined> {
  for (const node of kafkaNodeIds(stackTopology())) {
    const metrics = await nodeMetrics(node);
    if (metrics && gauge(metrics, "kafka_controller_kafkacontroller", "ActiveControllerCount") === 1) {
      return kafkaProcess(node);
    }
  }
  return undefined;
}

interface Replication {
  /** Nodes whose metrics answered. */
  answering: number;
  /** Partitions whose in-sync replicas are fewer than their replicas, as their leaders report them. */
  underReplicated: number;
}

export async function replication(): Promise<Replication> {
  const pages = await Promise.all(kafkaNodeIds(stackTopology()).map(nodeMetrics));
  const answered = pages.filter((page): page is string => page !== undefined);
  const counts = answered.map((page) => gauge(page, "kafka_server_replicamanager", "UnderReplicatedPartitions"));
  return { answering: answered.length, underReplicated: counts.reduce((sum, n) => sum + (n || 0), 0) };
}

/** Samples under-replicated partitions every two seconds until stopped; stop() gives the most it saw. */
export function watchUnderReplicated(): { stop: () => Promise<number> } {
  let most = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      most = Math.max(most, (await replication()).underReplicated);
      await sleep(2_000);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return most;
    },
  };
}

/** Every node answers and no partition is under-replicated: the in-sync replicas are whole again. */
export async function replicationRestored(what: string, timeoutSeconds = 180): Promise<ExpectationResult> {
  const started = Date.now();
  const nodes = kafkaNodeIds(stackTopology()).length;
  const { settled, last } = await pollSettled(
    replication,
    (now) => now.answering === nodes && now.underReplicated === 0,
    { timeoutMs: timeoutSeconds * 1000, intervalMs: 1000 },
  );
  const took = ((Date.now() - started) / 1000).toFixed(0);
  return {
    kind: "replication",
    name: what,
    passed: settled,
    detail: settled
      ? `every partition fully in sync ${took}s after the fault was healed`
      : `after ${timeoutSeconds}s: ${last?.underReplicated ?? "?"} partitions under-replicated, ${last?.answering ?? 0} of ${nodes} nodes answering`,
  };
}
