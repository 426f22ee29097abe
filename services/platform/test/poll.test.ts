import { describe, expect, it } from "vitest";
import { pollUntil } from "../src/poll.js";

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
