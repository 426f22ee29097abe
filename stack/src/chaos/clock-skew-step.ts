import { setClockSkew, SKEWED_TWIN, type Skewable } from "../native/clock-skew.js";
import { withListenerMigration } from "../native/listener-migration.js";
import { tokensUnderSkew, untilGatewayClockOffset } from "./clock-skew.js";
import type { Step } from "./experiment.js";
import { hold, type MethodContext } from "./method-context.js";
import type { ProcessDriver } from "./processes.js";

/**
 * Starts `to` beside `from` on the same ports, waits until a new connection is answered with `to`'s
 * clock, then stops `from`: there is never a moment when nothing listens, which a restart would
 * have (the supervisor's stop and start, then Node's boot: about 3 s that clients and the probe see).
 * The connections `from` has queued but not accepted when it closes move to `to` (withListenerMigration).
 */
async function handOver(driver: ProcessDriver, from: string, to: string, toOffset: number): Promise<void> {
  await driver.act("start", to);
  await untilGatewayClockOffset(toOffset);
  if (await driver.isRunning(from)) await withListenerMigration(() => driver.act("stop", from));
}

/** Moves the process's traffic to its twin with a skewed clock, so that the skew is real for the process. */
export async function skewClock(driver: ProcessDriver, name: Skewable, seconds: number): Promise<void> {
  setClockSkew(name, seconds);
  await handOver(driver, name, SKEWED_TWIN[name], seconds);
}

/** Hands the traffic back to the process on the machine's clock and removes the clock file. */
export async function restoreClock(driver: ProcessDriver, name: Skewable): Promise<void> {
  await handOver(driver, SKEWED_TWIN[name], name, 0);
  setClockSkew(name, undefined);
}

/** Skews the process's clock, checks tokens at the edge of the allowance, and restores it. */
export async function clockSkew(
  step: Extract<Step, { clockSkew: unknown }>["clockSkew"],
  ctx: MethodContext,
): Promise<void> {
  const { process: name, seconds } = step;
  if (!ctx.driver.skewsClocks)
    throw new Error("a clock skew needs the native stack: the compose images carry no libfaketime");
  return hold(
    `${name}'s clock ${Math.abs(seconds)} s ${seconds < 0 ? "behind" : "ahead"}`,
    step.for,
    async () => {
      await skewClock(ctx.driver, name, seconds);
      ctx.checks.push(...(await tokensUnderSkew(name, seconds)));
    },
    () => restoreClock(ctx.driver, name),
    ctx,
  );
}
