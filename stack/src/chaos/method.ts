import { clockSkew } from "./clock-skew-step.js";
import { rewind, slotLost } from "./data-faults.js";
import type { Step } from "./experiment.js";
import { linkNamed, proxyName } from "./links.js";
import { afterNodeFault, partition, proxiesCutOff, watchControllerElection } from "./kafka-cluster-faults.js";
import { hold, untilReady, type MethodContext } from "./method-context.js";
import { injectPoison } from "./poison.js";
import { restartConnector } from "./processes.js";
import { pauseFor } from "./timeline.js";
import { addToxic, removeToxic, setProxiesEnabled } from "./toxiproxy.js";

type ToxicStep = Extract<Step, { toxic: unknown }>["toxic"];

const arrow = (link: string) => {
  const { from, to } = linkNamed(link)!;
  return `${from} → ${to}`;
};

export function describeToxic(toxic: ToxicStep): string {
  const a = toxic.attributes;
  const what: Record<string, string> = {
    latency: `${a.latency ?? 0} ms${a.jitter ? ` ± ${a.jitter} ms` : ""} of latency`,
    bandwidth: `bandwidth limited to ${a.rate ?? 0} KB/s`,
    timeout: a.timeout ? `connections time out after ${a.timeout} ms` : "data stops flowing (timeout 0)",
    reset_peer: `connections reset after ${a.timeout ?? 0} ms`,
    slow_close: `connections close ${a.delay ?? 0} ms late`,
    slicer: `data sliced into ~${a.average_size ?? 0}-byte pieces`,
    limit_data: `connections closed after ${a.bytes ?? 0} bytes`,
  };
  const share = toxic.toxicity < 1 ? ` on ${Math.round(toxic.toxicity * 100)}% of connections` : "";
  return `${what[toxic.type]}${share} on ${arrow(toxic.link)} (${toxic.stream})`;
}

async function processFault(step: Extract<Step, { process: unknown }>["process"], ctx: MethodContext): Promise<void> {
  const { name, action } = step;
  if (action === "stop" || action === "freeze") {
    // A fault held for a while, then undone: stopped and started again, or frozen and thawed.
    const [label, undo] = action === "stop" ? ["stopped", "start"] : ["frozen (SIGSTOP)", "thaw"];
    return hold(
      `${name} ${label}`,
      step.for!,
      () => ctx.driver.act(action, name),
      async () => {
        await ctx.driver.act(undo as "start" | "thaw", name);
        await untilReady(name, ctx, false);
      },
      ctx,
    ).then(() => afterNodeFault(name, ctx));
  }
  const label = action === "kill" ? `${name} killed with SIGKILL` : `${name} restarted`;
  const forget = ctx.rollback.add(`start ${name} if it is down`, async () => {
    if (!(await ctx.driver.isRunning(name))) await ctx.driver.act("start", name);
  });
  const start = new Date();
  await ctx.driver.act(action, name);
  ctx.timeline.log("inject", label);
  await pauseFor(1);
  await untilReady(name, ctx, true);
  forget();
  // The fault lasts until the process is ready again: a JVM that runs but has not loaded is still down.
  ctx.timeline.fault(label, start, new Date());
  ctx.timeline.log("heal", `${name} is ready again`);
  await afterNodeFault(name, ctx);
}

export async function runStep(step: Step, ctx: MethodContext): Promise<void> {
  if (ctx.signal.aborted) return;
  if ("wait" in step) return pauseFor(step.wait, ctx.signal);
  if ("parallel" in step) return void (await Promise.all(step.parallel.map((inner) => runStep(inner, ctx))));
  if ("toxic" in step) {
    const toxic = step.toxic;
    const proxy = proxyName(toxic.link);
    const name = `firebreak_${toxic.type}_${toxic.stream}`;
    const spec = {
      name,
      type: toxic.type,
      stream: toxic.stream,
      toxicity: toxic.toxicity,
      attributes: toxic.attributes,
    };
    return hold(
      describeToxic(toxic),
      toxic.for,
      () => addToxic(proxy, spec),
      () => removeToxic(proxy, name),
      ctx,
    );
  }
  if ("disable" in step || "cutOff" in step) {
    const [label, proxies, seconds] =
      "disable" in step
        ? [`link ${step.disable.links.map(arrow).join(", ")} down`, step.disable.links.map(proxyName), step.disable.for]
        : [`${step.cutOff.process} cut off the network`, proxiesCutOff(step.cutOff.process), step.cutOff.for];
    return hold(label, seconds, setProxiesEnabled(proxies, false), setProxiesEnabled(proxies, true), ctx);
  }
  if ("process" in step) return processFault(step.process, ctx);
  if ("partition" in step) return partition(step.partition, ctx);
  if ("activeController" in step) {
    const { was, elected } = await watchControllerElection(ctx);
    ctx.timeline.log("inject", `${was} leads the controller quorum`);
    await processFault({ ...step.activeController, name: was }, ctx);
    return elected;
  }
  if ("rewind" in step) return rewind(step.rewind, ctx);
  if ("clockSkew" in step) return clockSkew(step.clockSkew, ctx);
  if ("slotLost" in step) return slotLost(step.slotLost, ctx);
  if ("poison" in step) {
    const at = new Date();
    ctx.poisoned.push(await injectPoison(step.poison, ctx.timeline));
    return ctx.timeline.fault(`poison on ${step.poison.topic} events`, at, new Date(at.getTime() + 1000));
  }
  await restartConnector(step.restartConnectorTask.connector);
  const at = new Date();
  ctx.timeline.fault(`${step.restartConnectorTask.connector} task restarted`, at, new Date(at.getTime() + 1000));
  ctx.timeline.log("inject", `Kafka Connect restarted ${step.restartConnectorTask.connector} and its task`);
}

/** Seconds the method takes when nothing goes wrong (process restarts count their own time as well). */
export function plannedSeconds(steps: Step[]): number {
  return steps.reduce((total, step) => total + stepSeconds(step), 0);
}

function stepSeconds(step: Step): number {
  if ("wait" in step) return step.wait;
  if ("parallel" in step) return Math.max(...step.parallel.map(stepSeconds));
  if ("toxic" in step) return step.toxic.for;
  if ("disable" in step) return step.disable.for;
  if ("cutOff" in step) return step.cutOff.for;
  if ("partition" in step) return step.partition.for;
  if ("activeController" in step) return step.activeController.for ?? 15;
  if ("process" in step) return step.process.for ?? 15;
  if ("poison" in step) return 1;
  if ("rewind" in step) return 15;
  if ("slotLost" in step) return step.slotLost.for + 10;
  if ("clockSkew" in step) return step.clockSkew.for + 10;
  return 5;
}
