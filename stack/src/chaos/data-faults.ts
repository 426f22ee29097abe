import { dropOutboxSlot, recoverPipeline } from "../native/pipeline.js";
import type { Step } from "./experiment.js";
import { hold, untilReady, type MethodContext } from "./method-context.js";
import { rewindOffsets } from "./rewind.js";
import { possessive } from "../util/words.js";

/** Stops the group's service (Kafka resets only a group without members), rewinds it, starts it again. */
export async function rewind(step: Extract<Step, { rewind: unknown }>["rewind"], ctx: MethodContext): Promise<void> {
  const label = `${possessive(step.group)} offsets rewound by ${step.by}s`;
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

/** Drops the service's replication slot, holds the loss, then heals with the runbook's recovery (firebreak cdc recover). */
export async function slotLost(
  step: Extract<Step, { slotLost: unknown }>["slotLost"],
  ctx: MethodContext,
): Promise<void> {
  const { service } = step;
  return hold(
    `${possessive(service)} replication slot dropped, then recovered by the runbook (firebreak cdc recover ${service})`,
    step.for,
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
