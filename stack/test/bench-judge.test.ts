import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgePlateau, sustainedRate } from "../src/bench/judge.js";
import { capacityOptions, parseRates, parseRounds, parseVariant } from "../src/bench/options.js";
import { plateauQueries } from "../src/bench/slis.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { loadSpecs } from "../src/slo/spec.js";
import { UsageError } from "../src/util/usage.js";

const slis = (ratios: Record<string, number | null>) =>
  Object.entries(ratios).map(([slo, errorRatio]) => ({
    slo,
    errorRatio,
    budget: slo.includes("availability") ? 0.001 : 0.01,
  }));
const healthy = { "order-placement-availability": 0, "order-placement-latency": 0.004, "saga-completion": 0.002 };

describe("Judging a plateau", () => {
  it("When every SLO is within budget and k6 dropped nothing, then the plateau holds", () => {
    expect(judgePlateau({ slis: slis(healthy), droppedIterations: 0, httpFailedRate: 0 })).toEqual({
      ok: true,
      reasons: [],
    });
  });

  it("When latency breaks, k6 drops iterations and fails requests, then each reason is named", () => {
    const verdict = judgePlateau({
      slis: slis({ ...healthy, "order-placement-latency": 0.05, "saga-completion": null }),
      droppedIterations: 12,
      httpFailedRate: 0.002,
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons).toEqual([
      "order-placement-latency: 5% bad, budget 1%",
      "saga-completion: no data in the window",
      "k6 dropped 12 iterations",
      "k6 saw 0.2% failed requests, budget 0.1%",
    ]);
  });

  it("When plateaus hold and fail, then the sustained rate is the highest that held", () => {
    const ok = { ok: true, reasons: [] };
    const bad = { ok: false, reasons: ["x"] };
    expect(
      sustainedRate([
        { rate: 60, verdict: ok },
        { rate: 120, verdict: ok },
        { rate: 240, verdict: bad },
      ]),
    ).toBe(120);
    expect(sustainedRate([{ rate: 60, verdict: bad }, { rate: 120 }])).toBeNull();
  });
});

describe("The plateau's queries", () => {
  it("When the SLO specs are read, then every SLO is judged over the plateau's window with its own budget", () => {
    const specs = loadSpecs(join(REPO_ROOT, "observability", "slos"));
    const queries = plateauQueries(specs, 97.6);
    expect(queries.slis.map((q) => q.slo).sort()).toEqual(specs.map((s) => s.name).sort());
    for (const q of queries.slis) expect(q.query).toContain("[98s]");
    expect(queries.slis.find((q) => q.slo === "order-placement-latency")?.budget).toBe(0.01);
    expect(queries.slis.find((q) => q.slo === "order-placement-availability")?.budget).toBe(0.001);
    expect(queries.p99.placementMs).toContain('http_route="/api/v1/orders"');
    expect(queries.p99.sagaSeconds).toContain("firebreak_saga_duration_seconds_bucket");
    expect(queries.p99.freshnessSeconds).toContain("firebreak_cdc_freshness_seconds_bucket");
  });
});

describe("bench capacity options", () => {
  it("When rates are given in any order with repeats, then they run once each, ascending", () => {
    expect(parseRates("240, 60,120,60")).toEqual([60, 120, 240]);
    expect(() => parseRates("60,fast")).toThrow(UsageError);
    expect(() => parseRates("")).toThrow(UsageError);
  });

  it("When a variant names environment switches, then each becomes a variable; anything else is refused", () => {
    expect(parseVariant("FIREBREAK_TRACING=off")).toEqual({ FIREBREAK_TRACING: "off" });
    expect(parseVariant("FIREBREAK_TRACING=on,FIREBREAK_TRACE_SAMPLE_RATIO=0.1")).toEqual({
      FIREBREAK_TRACING: "on",
      FIREBREAK_TRACE_SAMPLE_RATIO: "0.1",
    });
    expect(() => parseVariant("tracing off")).toThrow(UsageError);
  });

  it("When the duration is short or long, then idle and pgbench follow it within their bounds", () => {
    expect(capacityOptions({})).toMatchObject({
      rates: [60, 120, 240],
      plateauSeconds: 120,
      idleSeconds: 60,
      pgbenchSeconds: 30,
    });
    expect(capacityOptions({ duration: "60s", rates: "40" })).toMatchObject({ idleSeconds: 30, pgbenchSeconds: 15 });
    expect(() => capacityOptions({ duration: "20s" })).toThrow(/from 40s/);
  });

  it("When rounds are asked for, then a whole number from 1 to 6 is taken and anything else names the bad value", () => {
    expect(capacityOptions({}).rounds).toBe(1);
    expect(parseRounds("3")).toBe(3);
    for (const bad of ["0", "7", "2.5", "two", ""]) expect(() => parseRounds(bad)).toThrow(`bad --rounds '${bad}'`);
  });
});
