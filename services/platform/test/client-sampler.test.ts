import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from "@opentelemetry/api";
import { SamplingDecision } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { CappedSampler, entrySampler } from "../src/telemetry/client-sampler.js";

const remoteParent = (sampled: boolean) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });

const decide = (
  sampler: ReturnType<typeof entrySampler>,
  context = ROOT_CONTEXT,
  traceId = "0af7651916cd43dd8448eb211c80319c",
) => sampler.shouldSample(context, traceId, "POST /api/v1/orders", SpanKind.SERVER, {}, []).decision;

describe("sampling at the public entry", () => {
  it("When callers send more sampled traceparents than the cap allows in a second, then the rest are not recorded, until the next second", () => {
    let now = 10_000;
    const capped = new CappedSampler(3, () => now);
    const decisions = Array.from({ length: 5 }, () => capped.shouldSample().decision);
    expect(decisions).toEqual([
      SamplingDecision.RECORD_AND_SAMPLED,
      SamplingDecision.RECORD_AND_SAMPLED,
      SamplingDecision.RECORD_AND_SAMPLED,
      SamplingDecision.NOT_RECORD,
      SamplingDecision.NOT_RECORD,
    ]);
    now += 1_000;
    expect(capped.shouldSample().decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it("When a caller's traceparent is sampled, then it is honoured within the cap; unsampled stays unsampled; new traces follow the ratio", () => {
    const sampler = entrySampler(0, 1);
    expect(decide(sampler, remoteParent(true))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, remoteParent(true))).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, remoteParent(false))).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(entrySampler(1, 0))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});
