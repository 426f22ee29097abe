import { pollUntil } from "@firebreak/platform";
import type { ExpectationResult, PoisonedRecords, RewoundGroup } from "./journal.js";
import type { ProcessDriver } from "./processes.js";
import { pauseFor, type Rollback, type Timeline } from "./timeline.js";

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

/** Applies a fault, holds it, heals it; the heal is registered for rollback until it has succeeded. */
export async function hold(
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
  await pauseFor(seconds, ctx.signal);
  if (ctx.signal.aborted) return ctx.timeline.fault(label, start, new Date());
  await heal();
  forget();
  ctx.timeline.fault(label, start, new Date());
  ctx.timeline.log("heal", label);
}

/** Waits for readiness; a heal run by the rollback (after an abort) still waits, the method's own wait does not. */
export async function untilReady(
  name: string,
  ctx: MethodContext,
  honourAbort: boolean,
  timeoutSeconds = 180,
): Promise<void> {
  await pollUntil(
    `${name} ready again`,
    () => {
      if (honourAbort && ctx.signal.aborted) throw new Error(`${name} is not ready again: the run was aborted`);
      return ctx.driver.isReady(name).catch(() => false);
    },
    { timeoutMs: timeoutSeconds * 1000 },
  );
}
