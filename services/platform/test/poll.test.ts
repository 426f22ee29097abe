import { describe, expect, it } from "vitest";
import { pollQuietly, pollSettled, pollUntil } from "../src/poll.js";

describe("pollUntil", () => {
  it("When the probe answers on its third ask, then that value is returned after two pauses", async () => {
    let asks = 0;
    const started = Date.now();
    const value = await pollUntil("the third ask", () => (++asks === 3 ? "ready" : undefined), {
      timeoutMs: 5_000,
      intervalMs: 20,
    });
    expect(value).toBe("ready");
    expect(asks).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("When the probe never answers, then the wait fails naming what it waited for, after at least one ask", async () => {
    let asks = 0;
    await expect(
      pollUntil("the gateway's clock", () => (asks++, false), { timeoutMs: 0, intervalMs: 1 }),
    ).rejects.toThrow("the gateway's clock: not within 0 ms");
    expect(asks).toBe(1);
  });

  it("When the probe throws, then the wait ends with that error, unless errors are retried", async () => {
    const failing = () => {
      throw new Error("connection refused");
    };
    await expect(pollUntil("a refusal", failing, { timeoutMs: 1_000 })).rejects.toThrow("connection refused");
    let asks = 0;
    const recovered = await pollUntil(
      "a recovery",
      () => {
        if (++asks < 3) throw new Error("not yet");
        return asks;
      },
      { timeoutMs: 1_000, intervalMs: 1, retryErrors: true },
    );
    expect(recovered).toBe(3);
    await expect(pollUntil("a refusal", failing, { timeoutMs: 30, intervalMs: 5, retryErrors: true })).rejects.toThrow(
      "a refusal: not within 30 ms (last error: Error: connection refused)",
    );
  });
});

describe("pollQuietly", () => {
  it("When time runs out, then it resolves to undefined instead of failing", async () => {
    let asks = 0;
    expect(await pollQuietly(() => (asks++, undefined), { timeoutMs: 30, intervalMs: 5 })).toBeUndefined();
    expect(asks).toBeGreaterThan(1);
  });

  it("When the signal aborts during a pause, then the wait ends at once without another ask", async () => {
    let asks = 0;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const value = await pollQuietly(() => (asks++, false), {
      timeoutMs: 60_000,
      intervalMs: 10_000,
      signal: controller.signal,
    });
    expect(value).toBeUndefined();
    expect(asks).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("When only some errors are retried, then another error ends the wait with itself", async () => {
    let asks = 0;
    const probe = () => {
      asks += 1;
      throw new Error(asks < 3 ? "group has running instances" : "topic authorization failed");
    };
    await expect(
      pollQuietly(probe, { timeoutMs: 1_000, intervalMs: 1, retryErrors: (e) => /running instances/.test(String(e)) }),
    ).rejects.toThrow("topic authorization failed");
    expect(asks).toBe(3);
  });
});

describe("pollSettled", () => {
  it("When the answers settle on the third ask, then it says so and returns that answer", async () => {
    let asks = 0;
    const result = await pollSettled(
      () => ({ pending: 3 - ++asks }),
      (answer) => answer.pending === 0,
      { timeoutMs: 5_000, intervalMs: 1 },
    );
    expect(result).toEqual({ settled: true, last: { pending: 0 } });
  });

  it("When time runs out, then it returns the last answer instead of failing", async () => {
    let asks = 0;
    const result = await pollSettled(
      () => ++asks,
      () => false,
      { timeoutMs: 30, intervalMs: 5 },
    );
    expect(result.settled).toBe(false);
    expect(result.last).toBe(asks);
    expect(asks).toBeGreaterThan(1);
  });
});
