import { afterAll, describe, expect, it } from "vitest";
import { gatewayClockOffset, tokensUnderSkew } from "../../src/chaos/clock-skew.js";
import { restoreClock, skewClock } from "../../src/chaos/clock-skew-step.js";
import { nativeDriver } from "../../src/chaos/processes.js";
import { devToken, PROBE_SUBJECT } from "../../src/credentials/dev-token.js";
import { requestOnce } from "../../src/clients/http-once.js";
import { HOST, PORTS } from "../../src/native/ports.js";

/** Reads as a client keeps reading, each on a new connection (which the kernel gives to either gateway), until done. */
async function readUntil(done: () => boolean): Promise<(number | string)[]> {
  const token = await devToken(PROBE_SUBJECT, { ttlSeconds: 600 });
  const statuses: (number | string)[] = [];
  while (!done()) {
    const { status } = await requestOnce({
      method: "GET",
      host: HOST,
      port: PORTS.gateway,
      path: "/api/v1/orders?limit=1",
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: 10_000,
      label: "gateway",
    }).catch((error: Error) => ({ status: error.message }));
    statuses.push(status);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return statuses;
}

async function duringHandOver(handOver: () => Promise<void>): Promise<(number | string)[]> {
  let done = false;
  const reads = readUntil(() => done);
  await handOver().finally(() => (done = true));
  return reads;
}

afterAll(() => restoreClock(nativeDriver, "gateway"), 120_000);

describe("the gateway's clock skewed with libfaketime", () => {
  it("When the gateway hands over to its twin 25 s behind, then no read fails meanwhile, its Date header says so, a token minted now works and one 45 s ahead of its clock is refused", async () => {
    const statuses = await duringHandOver(() => skewClock(nativeDriver, "gateway", -25));
    expect(statuses.length).toBeGreaterThan(3);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await nativeDriver.isRunning("gateway")).toBe(false);
    expect(Math.abs((await gatewayClockOffset()) + 25)).toBeLessThanOrEqual(1);
    const checks = await tokensUnderSkew("gateway", -25);
    expect(checks.map(({ name, passed, detail }) => ({ name, passed, detail }))).toEqual([
      expect.objectContaining({ passed: true, detail: "answered 200" }),
      expect.objectContaining({ passed: true, detail: "answered 401" }),
    ]);
  }, 120_000);

  it("When the clock is restored, then no read fails meanwhile, and the check for a skew it does not have fails: the token it expected refused is accepted", async () => {
    const statuses = await duringHandOver(() => restoreClock(nativeDriver, "gateway"));
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await nativeDriver.isRunning("gateway-skewed")).toBe(false);
    expect(Math.abs(await gatewayClockOffset())).toBeLessThanOrEqual(1);
    const [, beyond] = await tokensUnderSkew("gateway", -25);
    expect(beyond).toMatchObject({ passed: false, detail: "answered 200" });
  }, 120_000);
});
