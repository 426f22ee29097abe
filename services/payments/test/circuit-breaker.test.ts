import { describe, expect, it } from "vitest";
import { BreakerOpen, CircuitBreaker } from "../src/circuit-breaker.js";

const fail = () => Promise.reject(new Error("boom"));
const succeed = () => Promise.resolve("ok");

describe("circuit breaker", () => {
  it("When failures reach the threshold, then it opens and fails fast without calling", async () => {
    const breaker = new CircuitBreaker(3, 1_000, () => 0);
    for (let i = 0; i < 3; i++) await expect(breaker.run(fail)).rejects.toThrow("boom");
    expect(breaker.state).toBe("open");
    let called = false;
    await expect(breaker.run(async () => (called = true))).rejects.toBeInstanceOf(BreakerOpen);
    expect(called).toBe(false);
  });

  it("When the reset time passes, then one trial runs; success closes, failure reopens", async () => {
    let now = 0;
    const changes: string[] = [];
    const breaker = new CircuitBreaker(
      1,
      1_000,
      () => now,
      (state) => changes.push(state),
    );
    await expect(breaker.run(fail)).rejects.toThrow();
    now = 1_000;
    expect(breaker.state).toBe("half_open");
    await expect(breaker.run(fail)).rejects.toThrow("boom");
    expect(breaker.state).toBe("open");
    now = 2_000;
    expect(await breaker.run(succeed)).toBe("ok");
    expect(breaker.state).toBe("closed");
    expect(changes).toEqual(["open", "half_open", "open", "half_open", "closed"]);
  });

  it("When a success comes between failures, then the count starts again", async () => {
    const breaker = new CircuitBreaker(2, 1_000, () => 0);
    await expect(breaker.run(fail)).rejects.toThrow();
    await breaker.run(succeed);
    await expect(breaker.run(fail)).rejects.toThrow();
    expect(breaker.state).toBe("closed");
  });

  it("When a slow call that began before the breaker opened ends, then it neither closes nor counts against the breaker", async () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1_000, () => now);
    let finishSlow: (value: string) => void = () => undefined;
    const slow = breaker.run(() => new Promise<string>((resolve) => (finishSlow = resolve)));
    for (let i = 0; i < 2; i++) await expect(breaker.run(fail)).rejects.toThrow("boom");
    expect(breaker.state).toBe("open");
    finishSlow("late");
    expect(await slow).toBe("late");
    expect(breaker.state).toBe("open");
    now = 1_000;
    expect(await breaker.run(succeed)).toBe("ok");
    expect(breaker.state).toBe("closed");
  });

  it("When a call fails in a way that is not the dependency's fault, then it counts as an answer, not a failure", async () => {
    const breaker = new CircuitBreaker(2, 1_000, () => 0);
    const refused = () => Promise.reject(new Error("refused"));
    const notAFailure = (error: unknown) => (error as Error).message !== "refused";
    await expect(breaker.run(fail)).rejects.toThrow("boom");
    for (let i = 0; i < 5; i++) await expect(breaker.run(refused, notAFailure)).rejects.toThrow("refused");
    await expect(breaker.run(fail)).rejects.toThrow("boom");
    expect(breaker.state).toBe("closed");
  });
});
