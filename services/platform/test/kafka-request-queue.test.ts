import { afterEach, describe, expect, it, vi } from "vitest";
import { scheduleOnlyWhilePending } from "../src/kafka-client.js";

/** A connection's request queue as kafkajs keeps it: what waits, the throttle, the armed check. */
function queue(pending: number, throttledUntil = -1) {
  const state = {
    pending: Array.from({ length: pending }, (_, index) => index),
    throttledUntil,
    throttleCheckTimeoutId: null as NodeJS.Timeout | null,
    checks: 0,
    checkPendingRequests() {
      state.checks += 1;
    },
    scheduleCheckPendingRequests: scheduleOnlyWhilePending,
  };
  return state;
}

describe("checking a Kafka connection's request queue again", () => {
  afterEach(() => vi.useRealTimers());

  it("When nothing waits in the queue, then no timer is armed (kafkajs re-armed one every millisecond)", () => {
    vi.useFakeTimers();
    const idle = queue(0);
    idle.scheduleCheckPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(idle.checks).toBe(0);
  });

  it("When requests wait behind a full in-flight window, then the queue is checked again after 10 ms", () => {
    vi.useFakeTimers();
    const waiting = queue(2);
    waiting.scheduleCheckPendingRequests();
    vi.advanceTimersByTime(9);
    expect(waiting.checks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(waiting.checks).toBe(1);
    expect(waiting.throttleCheckTimeoutId).toBeNull();
  });

  it("When the broker throttles the client, then the waiting requests are checked when the throttle ends", () => {
    vi.useFakeTimers();
    const throttled = queue(1, Date.now() + 250);
    throttled.scheduleCheckPendingRequests();
    vi.advanceTimersByTime(249);
    expect(throttled.checks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(throttled.checks).toBe(1);
  });

  it("When a check is already armed, then no second one is", () => {
    vi.useFakeTimers();
    const waiting = queue(1);
    waiting.scheduleCheckPendingRequests();
    const armed = waiting.throttleCheckTimeoutId;
    waiting.scheduleCheckPendingRequests();
    expect(waiting.throttleCheckTimeoutId).toBe(armed);
    vi.advanceTimersByTime(10);
    expect(waiting.checks).toBe(1);
  });
});
