import { describe, expect, it } from "vitest";
import { durationSeconds } from "../src/util/duration.js";
import { parseDuration as parseLoadDuration } from "../src/load/run.js";
import { parseDuration as parseSilenceDuration } from "../src/clients/alertmanager.js";
import { seconds } from "../src/slo/spec.js";
import { durationText } from "../src/chaos/experiment.js";

describe("durations", () => {
  it("When a duration has a unit the caller takes, then it is read in seconds, and anything else is undefined", () => {
    expect(durationSeconds("500ms", ["ms", "s"])).toBe(0.5);
    expect(durationSeconds("90s", ["s"])).toBe(90);
    expect(durationSeconds("10m", ["m"])).toBe(600);
    expect(durationSeconds("2h", ["h"])).toBe(7200);
    expect(durationSeconds("30d", ["d"])).toBe(2_592_000);
    for (const bad of ["", "m", "1.5m", "-1s", "10 m", "1w", " 5s"]) {
      expect(durationSeconds(bad, ["ms", "s", "m", "h", "d"])).toBeUndefined();
    }
    expect(durationSeconds("1d", ["s", "m", "h"])).toBeUndefined();
    expect(durationSeconds("42", ["s"])).toBeUndefined();
    expect(durationSeconds("42", ["s"], { bare: true })).toBe(42);
  });

  it("When each command and spec reads its durations, then they agree on the units and name what they refuse", () => {
    expect(parseLoadDuration("90")).toBe(90);
    expect(parseLoadDuration("2h")).toBe(7200);
    expect(() => parseLoadDuration("1d")).toThrow("bad --duration '1d'");
    expect(parseSilenceDuration("30m")).toBe(1_800_000);
    expect(() => parseSilenceDuration("0h")).toThrow("bad duration '0h'");
    expect(() => parseSilenceDuration("90s")).toThrow("bad duration '90s'");
    expect(seconds("30d")).toBe(2_592_000);
    expect(durationText.parse("500ms")).toBe(0.5);
    expect(durationText.safeParse("1h").success).toBe(false);
  });
});
