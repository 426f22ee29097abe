import { afterAll, describe, expect, it } from "vitest";
import { setClockSkew } from "../src/clock-skew.js";
import { gatewayClockOffset, tokensUnderSkew, untilGatewayClockOffset } from "../src/chaos/clock-skew.js";
import { nativeDriver } from "../src/chaos/processes.js";

async function restartGateway(seconds: number | undefined): Promise<void> {
  setClockSkew("gateway", seconds);
  await nativeDriver.act("restart", "gateway");
  await untilGatewayClockOffset(seconds ?? 0);
}

afterAll(() => restartGateway(undefined), 120_000);

describe("the gateway's clock skewed with libfaketime", () => {
  it("When the gateway runs 25 s behind, then its own Date header says so, a token minted now works and one 45 s ahead of its clock is refused", async () => {
    await restartGateway(-25);
    expect(Math.abs((await gatewayClockOffset()) + 25)).toBeLessThanOrEqual(1);
    const checks = await tokensUnderSkew("gateway", -25);
    expect(checks.map(({ name, passed, detail }) => ({ name, passed, detail }))).toEqual([
      expect.objectContaining({ passed: true, detail: "answered 200" }),
      expect.objectContaining({ passed: true, detail: "answered 401" }),
    ]);
  }, 120_000);

  it("When the gateway's clock is true again, then the check for a skew it does not have fails: the token it expected refused is accepted", async () => {
    await restartGateway(undefined);
    expect(Math.abs(await gatewayClockOffset())).toBeLessThanOrEqual(1);
    const [, beyond] = await tokensUnderSkew("gateway", -25);
    expect(beyond).toMatchObject({ passed: false, detail: "answered 200" });
  }, 120_000);
});
