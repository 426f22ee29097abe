export type BreakerState = "closed" | "open" | "half_open";

export class BreakerOpen extends Error {
  override name = "BreakerOpen";
}

/**
 * Closed: calls pass and consecutive failures are counted. Open (after `failureThreshold` in a row):
 * calls fail at once until `resetMs` has passed. Half-open: one trial call; success closes, failure reopens.
 * Only calls made since the breaker last opened count: a slow call that began before it opened does
 * not close it by succeeding late, nor count again by failing late. An error that `isFailure` says is
 * not the dependency's fault (a refusal of a bad request) is the dependency answering: not a failure.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  /** How many times it has opened: a call remembers the value it started under. */
  private openings = 0;
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

  async run<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean = () => true): Promise<T> {
    const state = this.state;
    if (state === "open" || (state === "half_open" && this.trialInFlight))
      throw new BreakerOpen("circuit breaker is open");
    this.trialInFlight = state === "half_open";
    const openings = this.openings;
    try {
      const result = await call();
      this.succeeded(openings);
      return result;
    } catch (error) {
      if (!isFailure(error)) this.succeeded(openings);
      else if (openings === this.openings) {
        this.failures += 1;
        if (state === "half_open" || this.failures >= this.failureThreshold) this.open();
      }
      throw error;
    } finally {
      if (state === "half_open") this.trialInFlight = false;
    }
  }

  private succeeded(openings: number): void {
    if (openings !== this.openings) return;
    this.failures = 0;
    this.transition("closed");
  }

  private open(): void {
    this.openedAt = this.now();
    this.openings += 1;
    this.failures = 0;
    this.transition("open");
  }

  private transition(next: BreakerState): void {
    if (next === this.current) return;
    this.current = next;
    this.onChange(next);
  }
}
