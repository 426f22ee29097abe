import { describe, expect, it } from "vitest";
import {
  buildProfile,
  durationSeconds,
  MEAN_RATE_10M_PER_DAY,
  PROFILE_NAMES,
  perSecond,
  ProfileError,
  totalOperations,
} from "../lib/profiles.js";

const lengthOf = (name: string, options = {}) =>
  buildProfile(name, options).scenario.stages.reduce((sum, stage) => sum + durationSeconds(stage.duration), 0);

describe("load profiles", () => {
  it("When the average profile runs, then it holds 10M/day (115.7 ops/s) as an arrival rate", () => {
    const { scenario } = buildProfile("average");
    expect(scenario.executor).toBe("ramping-arrival-rate");
    expect(perSecond(scenario.stages.at(-1)!.target)).toBeCloseTo(115.74, 1);
    expect(Number.isInteger(scenario.stages.at(-1)!.target)).toBe(true);
    expect(lengthOf("average")).toBe(600);
  });

  it("When the compressed diurnal day is integrated, then it scales back to 10 million operations a day", () => {
    const { scenario } = buildProfile("peak", { durationSeconds: 1440 });
    const perRealDay = totalOperations(scenario) * (86_400 / lengthOf("peak", { durationSeconds: 1440 }));
    expect(Math.abs(perRealDay - 10_000_000) / 10_000_000).toBeLessThan(0.01);
    const rates = scenario.stages.map((stage) => perSecond(stage.target));
    expect(Math.max(...rates) / MEAN_RATE_10M_PER_DAY).toBeCloseTo(1.8, 1);
    expect(Math.min(...rates) / MEAN_RATE_10M_PER_DAY).toBeCloseTo(0.2, 1);
  });

  it("When the spike profile runs, then it reaches 5× the mean within a minute and comes back", () => {
    const { scenario } = buildProfile("spike");
    const rise = scenario.stages.findIndex(
      (stage) => Math.abs(perSecond(stage.target) - 5 * MEAN_RATE_10M_PER_DAY) < 0.1,
    );
    expect(rise).toBeGreaterThan(0);
    expect(durationSeconds(scenario.stages[rise]!.duration)).toBeLessThanOrEqual(60);
    expect(perSecond(scenario.stages.at(-1)!.target)).toBeCloseTo(MEAN_RATE_10M_PER_DAY, 1);
  });

  it("When stress and breakpoint are built, then stress holds at least 700/s and breakpoint ramps and aborts on failure", () => {
    expect(perSecond(buildProfile("stress").scenario.stages.at(-1)!.target)).toBeGreaterThanOrEqual(700);
    const breakpoint = buildProfile("breakpoint");
    expect(breakpoint.abortOnFail).toBe(true);
    expect(breakpoint.scenario.stages).toHaveLength(1);
    expect(breakpoint.scenario.stages[0]!.target).toBeGreaterThan(breakpoint.scenario.startRate);
  });

  it("When a rate or duration is given, then every profile honours it and has enough VUs for its peak", () => {
    for (const name of PROFILE_NAMES) {
      const { scenario } = buildProfile(name, { rate: 50, durationSeconds: 600 });
      expect(lengthOf(name, { rate: 50, durationSeconds: 600 }), name).toBeGreaterThanOrEqual(599);
      const peak = perSecond(Math.max(scenario.startRate, ...scenario.stages.map((stage) => stage.target)));
      expect(scenario.maxVUs, name).toBeGreaterThanOrEqual(peak * 0.5);
      for (const stage of scenario.stages) expect(Number.isInteger(stage.target), name).toBe(true);
    }
  });

  it("When the name, rate or duration is bad, then the error names the bad value", () => {
    expect(() => buildProfile("lunch")).toThrow(
      new ProfileError(
        "unknown profile 'lunch': expected one of smoke, average, peak, stress, spike, soak, breakpoint",
      ),
    );
    expect(() => buildProfile("average", { rate: -3 })).toThrow(/rate must be .* got '-3'/);
    expect(() => buildProfile("average", { rate: Number.NaN })).toThrow(/got 'NaN'/);
    expect(() => buildProfile("average", { durationSeconds: 2.5 })).toThrow(/got '2.5'/);
    expect(() => buildProfile("spike", { durationSeconds: 60 })).toThrow(/at least 180 s, got '60'/);
  });
});
