import type { Experiment, Step } from "../chaos/experiment.js";
import { linkNamed } from "../chaos/links.js";
import { SERVICES_WITH_DATABASE } from "../native/service-env.js";
import { SERVICE_PROCESSES } from "../native/supervisor.js";

/**
 * One Chaos Mesh resource, its pods named in Firebreak's words (a service, kafka, kafka-2,
 * kafka-peers-of-3, connect, postgres, postgres-orders, clickhouse); the chart's chaosSelector helper
 * turns a name into the release's label selector.
 */
export interface ChaosFault {
  kind: "PodChaos" | "NetworkChaos";
  pods: string;
  /** NetworkChaos on one link: the pods at its other end. */
  peer?: string;
  spec: Record<string, unknown>;
}

export type Mapped = { faults: ChaosFault[] } | { unmapped: string };

const INFRASTRUCTURE_PODS = ["connect", "postgres", "clickhouse"];

/** Go's duration syntax, which Chaos Mesh reads. */
const duration = (seconds: number) => (Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`);

/** The pods of a supervisor process, or undefined when the chart runs none (Redis, exporters). */
function podsOf(process: string, experiment: Experiment): string | undefined {
  if (SERVICE_PROCESSES.includes(process) || INFRASTRUCTURE_PODS.includes(process)) return process;
  // The ha profile's `kafka` is its node 1; elsewhere it is the whole of Kafka.
  if (process === "kafka") return experiment.profile === "ha" ? "kafka-1" : "kafka";
  return /^kafka-\d$/.test(process) ? process : undefined;
}

/** A link's two ends; each service owns a CloudNativePG cluster, so its link to PostgreSQL reaches only that one. */
function linkEnds(name: string, experiment: Experiment): { pods?: string; peer?: string } {
  const link = linkNamed(name)!;
  const ownDatabase = link.to === "postgres" && (SERVICES_WITH_DATABASE as readonly string[]).includes(link.from);
  return {
    pods: podsOf(link.from, experiment),
    peer: ownDatabase ? `postgres-${link.from}` : podsOf(link.to, experiment),
  };
}

function onLink(name: string, experiment: Experiment, spec: Record<string, unknown>): Mapped {
  const { pods, peer } = linkEnds(name, experiment);
  if (!pods || !peer)
    return { unmapped: `the link ${name} reaches ${linkNamed(name)!.to}, which the chart does not run` };
  return { faults: [{ kind: "NetworkChaos", pods, peer, spec: { mode: "all", ...spec } }] };
}

function processFault(process: string, action: string, seconds: number | undefined, experiment: Experiment): Mapped {
  const pods = podsOf(process, experiment);
  if (!pods) return { unmapped: `the chart runs no pods for the process ${process}` };
  const pod = (spec: Record<string, unknown>): Mapped => ({
    faults: [{ kind: "PodChaos", pods, spec: { mode: "all", ...spec } }],
  });
  if (action === "kill") return pod({ action: "pod-kill", gracePeriod: 0 });
  if (action === "restart") return pod({ action: "pod-kill", gracePeriod: 30 });
  if (action === "stop") return pod({ action: "pod-failure", duration: duration(seconds!) });
  return {
    unmapped:
      "a freeze (SIGSTOP) holds the process and its open connections; Chaos Mesh's pod-failure stops it instead",
  };
}

// Toxiproxy's stream is the direction the toxic delays or drops; on a link it is the data towards the
// peer (upstream) or back from it (downstream), Chaos Mesh's `to` and `from` the link's client.
const directionOf = (stream: "upstream" | "downstream") => (stream === "upstream" ? "to" : "from");

function toxicFault(toxic: Extract<Step, { toxic: unknown }>["toxic"], experiment: Experiment): Mapped {
  if (toxic.toxicity !== 1) return { unmapped: "Chaos Mesh applies a fault to every connection, not to a share" };
  const common = { direction: directionOf(toxic.stream), duration: duration(toxic.for) };
  const { latency = 0, jitter = 0, rate = 0, timeout = 0 } = toxic.attributes;
  if (toxic.type === "latency") {
    const delay = { latency: `${latency}ms`, ...(jitter ? { jitter: `${jitter}ms` } : {}) };
    return onLink(toxic.link, experiment, { action: "delay", delay, ...common });
  }
  if (toxic.type === "bandwidth") {
    // Toxiproxy's rate is in KB/s, as is Chaos Mesh's kbps; limit and buffer are tc's token bucket.
    const bandwidth = { rate: `${rate}kbps`, limit: 20971520, buffer: 10000 };
    return onLink(toxic.link, experiment, { action: "bandwidth", bandwidth, ...common });
  }
  if (toxic.type === "timeout" && timeout === 0) {
    // Data held for ever, connections never closed: a partition drops the packets the same way.
    return onLink(toxic.link, experiment, { action: "partition", ...common });
  }
  return { unmapped: `Chaos Mesh's NetworkChaos has no counterpart of Toxiproxy's ${toxic.type} toxic` };
}

const UNMAPPED_STEPS: Record<string, string> = {
  activeController: "Chaos Mesh selects pods by label, not by which node leads the KRaft quorum at the time",
  restartConnectorTask:
    "a task restart is a Kafka Connect request, not a fault of the infrastructure (`kubectl annotate kafkaconnector <name> strimzi.io/restart-task=0` does it)",
  poison: "records produced to a topic are data, which Chaos Mesh does not write",
  rewind: "moving a consumer group's offsets needs Kafka's admin API, not Chaos Mesh",
  slotLost: "dropping a replication slot is SQL in the database, not a fault Chaos Mesh injects",
  clockSkew: "a skewed clock is Chaos Mesh's TimeChaos, which the chart does not render yet",
};

function stepFaults(step: Step, experiment: Experiment): Mapped {
  if ("process" in step) return processFault(step.process.name, step.process.action, step.process.for, experiment);
  if ("toxic" in step) return toxicFault(step.toxic, experiment);
  if ("cutOff" in step) {
    const pods = podsOf(step.cutOff.process, experiment);
    if (!pods) return { unmapped: `the chart runs no pods for the process ${step.cutOff.process}` };
    const spec = { action: "partition", mode: "all", direction: "both", duration: duration(step.cutOff.for) };
    return { faults: [{ kind: "NetworkChaos", pods, spec }] };
  }
  if ("disable" in step) {
    const spec = { action: "partition", direction: "both", duration: duration(step.disable.for) };
    return combine(step.disable.links.map((link) => onLink(link, experiment, spec)));
  }
  if ("partition" in step) {
    const pods = podsOf(step.partition.process, experiment)!;
    const spec = { action: "partition", mode: "all", direction: "both", duration: duration(step.partition.for) };
    return { faults: [{ kind: "NetworkChaos", pods, peer: `kafka-peers-of-${pods.slice(-1)}`, spec }] };
  }
  if ("parallel" in step) return combine(step.parallel.map((inner) => stepFaults(inner, experiment)));
  if ("wait" in step) return { faults: [] };
  return { unmapped: UNMAPPED_STEPS[Object.keys(step)[0]!]! };
}

function combine(parts: Mapped[]): Mapped {
  return (
    parts.find((part) => "unmapped" in part) ?? {
      faults: parts.flatMap((part) => ("faults" in part ? part.faults : [])),
    }
  );
}

/** An experiment's faults, or why it has no Chaos Mesh counterpart. */
export function chaosMeshFaults(experiment: Experiment): Mapped {
  const steps = experiment.method.map((step) => stepFaults(step, experiment));
  const unmapped = steps.find((step) => "unmapped" in step);
  if (unmapped) return unmapped;
  const withFaults = steps.filter((step) => "faults" in step && step.faults.length > 0);
  if (withFaults.length > 1) {
    return { unmapped: "its faults run one after another, and Chaos Mesh starts every resource at once" };
  }
  return combine(withFaults);
}
