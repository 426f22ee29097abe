import {
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from "@opentelemetry/sdk-trace-base";

/**
 * Lets through at most `perSecond` sampled decisions a second: what an untrusted caller's sampled
 * traceparent gets at the public entry. Otherwise any client could record every trace it sends (about
 * 60 spans an order) and cost the platform a third of its throughput. Dropped, not ratio-sampled: the
 * caller chose the trace id, so a ratio on it would be the caller's choice too.
 */
export class CappedSampler implements Sampler {
  private windowStartMs = 0;
  private used = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  shouldSample(): SamplingResult {
    const nowMs = this.now();
    if (nowMs - this.windowStartMs >= 1000) {
      this.windowStartMs = nowMs;
      this.used = 0;
    }
    if (this.used >= this.perSecond) return { decision: SamplingDecision.NOT_RECORD };
    this.used += 1;
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }

  toString(): string {
    return `CappedSampler{${this.perSecond}/s}`;
  }
}

/**
 * The sampler of the public entry (the gateway): new traces at `ratio`, and a caller's sampled
 * traceparent honoured only up to `clientSampledPerSecond` a second.
 */
export function entrySampler(ratio: number, clientSampledPerSecond: number): Sampler {
  return new ParentBasedSampler({
    root: new TraceIdRatioBasedSampler(ratio),
    remoteParentSampled: new CappedSampler(clientSampledPerSecond),
  });
}
