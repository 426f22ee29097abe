import { dropOutboxSlot, recoverPipeline } from "../pipeline.js";
import { setClockSkew } from "../clock-skew.js";
import { tokensUnderSkew, untilGatewayClockOffset } from "./clock-skew.js";
import type { Step } from "./experiment.js";
import { linkNamed, linksOf, proxyName } from "./links.js";
import type { ExpectationResult, PoisonedRecords, RewoundGroup } from "./journal.js";
import { rewindOffsets } from "./rewind.js";
import { injectPoison } from "./poison.js";
import { restartConnector, type ProcessDriver } from "./processes.js";
import { Rollback, sleep, Timeline } from "./timeline.js";
import { addToxic, removeToxic, setProxyEnabled } from "./toxiproxy.js";

export interface MethodContext {
  timeline: Timeline;
  rollback: Rollback;
  driver: ProcessDriver;
  signal: AbortSignal;
  /** Where poison steps note what they produced. */
  poisoned: PoisonedRecords[];
  /** Where rewind steps note which group they moved back, and by how many records. */
  rewound: RewoundGroup[];
  /** What steps checked while their fault was on. */
  checks: ExpectationResult[];
}

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

/** Applies a fault, holds it, heals it; the heal is registered for rollback until it has succeeded. */
async function hold(
  label: string,
  seconds: number,
  apply: () => Promise<void>,
  heal: () => Promise<void>,
  ctx: MethodContext,
): Promise<void> {
  const forget = ctx.rollback.add(`heal: ${label}`, heal);
  const start = new Date();
  await apply();
  ctx.timeline.log("inject", label);
  await sleep(seconds, ctx.signal);
  if (ctx.signal.aborted) return ctx.timeline.fault(label, start, new Date());
  await heal();
  forget();
  ctx.timeline.fault(label, start, new Date());
  ctx.timeline.log("heal", label);
}

/** Waits for readiness; a heal run by the rollback (after an abort) still waits, the method's own wait does not. */
async function untilReady(name: string, ctx: MethodContext, honourAbort: boolean, timeoutSeconds = 180): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (!(await ctx.driver.isReady(name).catch(() => false))) {
    if (Date.now() > deadline || (honourAbort && ctx.signal.aborted))
      throw new Error(`${name} is not ready again after ${timeoutSeconds}s`);
    await sleep(0.5);
  }
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
    );
  }
  const label = action === "kill" ? `${name} killed with SIGKILL` : `${name} restarted`;
  const forget = ctx.rollback.add(`start ${name} if it is down`, async () => {
    if (!(await ctx.driver.isRunning(name))) await ctx.driver.act("start", name);
  });
  const start = new Date();
  await ctx.driver.act(action, name);
  ctx.timeline.log("inject", label);
  await sleep(1);
  await untilReady(name, ctx, true);
  forget();
  // The fault lasts until the process is ready again: a JVM that runs but has not loaded is still down.
  ctx.timeline.fault(label, start, new Date());
  ctx.timeline.log("heal", `${name} is ready again`);
}

/** Stops the group's service (Kafka resets only a group without members), rewinds it, starts it again. */
async function rewind(step: Extract<Step, { rewind: unknown }>["rewind"], ctx: MethodContext): Promise<void> {
  const label = `${step.group}'s offsets rewound by ${step.by}s`;
  const forget = ctx.rollback.add(`start ${step.group} if it is down`, async () => {
    if (!(await ctx.driver.isRunning(step.group))) await ctx.driver.act("start", step.group);
  });
  const start = new Date();
  await ctx.driver.act("stop", step.group);
  const records = await rewindOffsets(step.group, step.by);
  ctx.timeline.log("inject", `${label}: ${records} records will be delivered again`);
  ctx.rewound.push({ group: step.group, records, restartedAt: new Date().toISOString() });
  await ctx.driver.act("start", step.group);
  await untilReady(step.group, ctx, true);
  forget();
  ctx.timeline.fault(label, start, new Date());
  ctx.timeline.log("heal", `${step.group} is ready again`);
}

/** Restarts the process with its clock off, checks tokens at the edge of the allowance, and restarts it true. */
async function clockSkew(step: Extract<Step, { clockSkew: unknown }>["clockSkew"], ctx: MethodContext): Promise<void> {
  const { process: name, seconds } = step;
  if (!ctx.driver.skewsClocks)
    throw new Error("a clock skew needs the native stack: the compose images carry no libfaketime");
  const restart = async (skew: number | undefined, honourAbort: boolean) => {
    setClockSkew(name, skew);
    await ctx.driver.act("restart", name);
    await sleep(1);
    await untilReady(name, ctx, honourAbort);
    // Ready can still be the old process's answer; the new one's Date header says which clock answers.
    await untilGatewayClockOffset(skew ?? 0);
  };
  return hold(
    `${name}'s clock ${Math.abs(seconds)} s ${seconds < 0 ? "behind" : "ahead"}`,
    step.for,
    async () => {
      await restart(seconds, true);
      ctx.checks.push(...(await tokensUnderSkew(name, seconds)));
    },
    () => restart(undefined, false),
    ctx,
  );
}

export async function runStep(step: Step, ctx: MethodContext): Promise<void> {
  if (ctx.signal.aborted) return;
  if ("wait" in step) return sleep(step.wait, ctx.signal);
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
    const links = "disable" in step ? step.disable.links : linksOf(step.cutOff.process).map((link) => link.name);
    const seconds = "disable" in step ? step.disable.for : step.cutOff.for;
    const label =
      "cutOff" in step ? `${step.cutOff.process} cut off the network` : `link ${links.map(arrow).join(", ")} down`;
    const toggle = (enabled: boolean) => async () =>
      void (await Promise.all(links.map((link) => setProxyEnabled(proxyName(link), enabled))));
    return hold(label, seconds, toggle(false), toggle(true), ctx);
  }
  if ("process" in step) return processFault(step.process, ctx);
  if ("rewind" in step) return rewind(step.rewind, ctx);
  if ("clockSkew" in step) return clockSkew(step.clockSkew, ctx);
  if ("slotLost" in step) {
    const { service } = step.slotLost;
    return hold(
      `${service}'s replication slot dropped, then recovered by the runbook (firebreak cdc recover ${service})`,
      step.slotLost.for,
      () => dropOutboxSlot(service),
      async () => {
        const { since } = await recoverPipeline(service);
        ctx.timeline.log(
          "heal",
          `${service}-outbox republishes the outbox since ${since?.toISOString() ?? "its oldest row"}`,
        );
      },
      ctx,
    );
  }
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
  if ("process" in step) return step.process.for ?? 15;
  if ("poison" in step) return 1;
  if ("rewind" in step) return 15;
  if ("slotLost" in step) return step.slotLost.for + 10;
  if ("clockSkew" in step) return step.clockSkew.for + 10;
  return 5;
}
