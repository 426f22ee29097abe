import { setClockSkew } from "../clock-skew.js";
import { tokensUnderSkew, untilGatewayClockOffset } from "./clock-skew.js";
import type { Step } from "./experiment.js";
import { hold, untilReady, type MethodContext } from "./method-context.js";
import { sleep } from "./timeline.js";

/** Restarts the process with its clock off, checks tokens at the edge of the allowance, and restarts it true. */
export async function clockSkew(
  step: Extract<Step, { clockSkew: unknown }>["clockSkew"],
  ctx: MethodContext,
): Promise<void> {
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
