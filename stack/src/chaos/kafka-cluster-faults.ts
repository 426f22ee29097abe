import { pollSettled } from "@firebreak/platform";
import { clusterLinks, KAFKA_NODE_PROCESSES } from "../native/kafka-cluster.js";
import { stackTopology } from "../native/kafka-topology.js";
import type { Step } from "./experiment.js";
import { linksOf, proxyName } from "./links.js";
import { hold, type MethodContext } from "./method-context.js";
import { activeControllerProcess, replicationRestored, watchUnderReplicated } from "./kafka-replication.js";
import { setProxiesEnabled } from "./toxiproxy.js";

const isKafkaNode = (process: string) => KAFKA_NODE_PROCESSES.includes(process);

/** The proxies that cut a process off the network: its own links, and in the ha profile its cluster links too. */
export function proxiesCutOff(process: string): string[] {
  const cluster = clusterLinks(stackTopology()).filter((link) => link.from === process || link.to === process);
  return [...linksOf(process).map((link) => proxyName(link.name)), ...cluster.map((link) => link.name)];
}

/**
 * The proxies between a Kafka node and its peers, both ways, for replication and for the quorum;
 * its clients' links stay up. Only the ha profile has them.
 */
function proxiesPartitioning(process: string): string[] {
  if (stackTopology() !== "ha") throw new Error("a partition needs the ha profile's three Kafka nodes");
  return clusterLinks("ha")
    .filter((link) => isKafkaNode(link.from) && isKafkaNode(link.to))
    .filter((link) => link.from === process || link.to === process)
    .map((link) => link.name);
}

/** A node partitioned from its peers: the in-sync replicas must shrink while it lasts and be whole again after. */
export async function partition(step: Extract<Step, { partition: unknown }>["partition"], ctx: MethodContext) {
  const proxies = proxiesPartitioning(step.process);
  const label = `${step.process} partitioned from its peers`;
  const watch = watchUnderReplicated();
  try {
    await hold(label, step.for, setProxiesEnabled(proxies, false), setProxiesEnabled(proxies, true), ctx);
  } finally {
    const most = await watch.stop();
    ctx.checks.push({
      kind: "replication",
      name: `in-sync replicas shrank while ${step.process} was partitioned`,
      passed: most > 0,
      detail:
        most > 0
          ? `under-replicated partitions peaked at ${most} (the nodes' own counts, summed)`
          : "no partition lost an in-sync replica",
    });
  }
  if (!ctx.signal.aborted) ctx.checks.push(await replicationRestored("in-sync replicas expanded again after the heal"));
}

/** After a Kafka node of the ha profile was killed or stopped: its replicas must catch up and rejoin. */
export async function afterNodeFault(name: string, ctx: MethodContext): Promise<void> {
  if (stackTopology() !== "ha" || !isKafkaNode(name) || ctx.signal.aborted) return;
  ctx.checks.push(await replicationRestored(`in-sync replicas whole again after ${name} came back`));
}

/**
 * Which node leads the quorum before a fault on it, and a watch that resolves once another node
 * has taken over; the check goes into the run's step checks.
 */
export async function watchControllerElection(ctx: MethodContext): Promise<{ was: string; elected: Promise<void> }> {
  const was = await activeControllerProcess();
  if (!was) throw new Error("no Kafka node reports itself as the active controller");
  const injected = Date.now();
  const elected = pollSettled(activeControllerProcess, (now) => now !== undefined && now !== was, {
    timeoutMs: 60_000,
    intervalMs: 500,
  }).then(({ settled, last }) => {
    const took = ((Date.now() - injected) / 1000).toFixed(1);
    ctx.checks.push({
      kind: "replication",
      name: `another node took over from ${was} as the active controller`,
      passed: settled,
      detail: settled ? `${last} within ${took}s` : `none within 60s (last answer: ${last ?? "none"})`,
    });
  });
  return { was, elected };
}
