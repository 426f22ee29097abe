export type BreakerState = "closed" | "open" | "half_open";

export class BreakerOpen extends Error {
  override name = "BreakerOpen";
}

/**
 * Closed: calls pass and consecutive failures are counted. Open (after `failureThreshold` in a row):
 * calls fail at once until `resetMs` has passed. Half-open: one trial call; success closes, failure reopens.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private current: BreakerState = "closed";

  constructor(
    private readonly failureThreshold: number,
    private readonly resetMs: number,
    private readonly now: () => number = Date.now,
    private readonly onChange: (state: BreakerState) => void = () => {},
  ) {}

  get state(): BreakerState {
    if (this.current === "open" && this.now() - this.openedAt >= this.resetMs) this.transition("half_open");
    return this.current;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === "open" || (state === "half_open" && this.trialInFlight))
      throw new BreakerOpen("circuit breaker is open");
    this.trialInFlight = state === "half_open";
    try {
      const result = await call();
      this.failures = 0;
      this.transition("closed");
      return result;
    } catch (error) {
      this.failures += 1;
      if (state === "half_open" || this.failures >= this.failureThreshold) {
        this.openedAt = this.now();
        this.transition("open");
      }
      throw error;
    } finally {
      if (state === "half_open") this.trialInFlight = false;
    }
  }

  private transition(next: BreakerState): void {
    if (next === this.current) return;
    this.current = next;
    this.onChange(next);
  }
}
