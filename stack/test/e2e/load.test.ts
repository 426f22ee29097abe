import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDir } from "../../src/load/run.js";
import { readAcknowledgements, type LoadSummary } from "../../src/load/summary.js";
import { readThresholdsFile } from "../load-helpers.js";
import { firebreak } from "../helpers.js";
import { settleSagas } from "../orders-traffic.js";

describe("firebreak load", () => {
  it("When the smoke profile runs against the native stack, then it passes the SLO thresholds, every acknowledged order exists, and a retry with the same key gets the same order", async () => {
    // Sagas left by earlier test files compete for the two cores and would be measured as this run's latency,
    // and k6 thresholds are cumulative, so a cold stack's first requests (JIT, pools) would decide p99 alone:
    // settle, warm up unmeasured (as `bench capacity` does), then measure.
    await settleSagas();
    const warmUp = firebreak("load", "smoke", "--duration", "20", "--json");
    // --json: the summary alone on stdout, k6's own output on stderr.
    const warm = JSON.parse(warmUp.stdout) as LoadSummary & { dir: string };
    expect(warm.dir).toBe(loadDir(warm.testId));
    process.env.FIREBREAK_SAME_KEY_RETRY_SHARE = "0.5";
    const run = (() => {
      try {
        return firebreak("load", "smoke", "--duration", "20");
      } finally {
        delete process.env.FIREBREAK_SAME_KEY_RETRY_SHARE;
      }
    })();
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const testId = /load smoke \((smoke-\d{8}T\d{6})\)/.exec(run.stdout)?.[1];
    expect(testId, run.stdout).toBeDefined();
    const summary = JSON.parse(readFileSync(join(loadDir(testId!), "summary.json"), "utf8")) as LoadSummary;
    expect(summary.thresholdsPassed).toBe(true);
    expect(summary.droppedIterations).toBe(0);
    expect(summary.orders.acknowledged).toBeGreaterThan(5);
    // k6's web-dashboard report sits beside the summary, which links it.
    expect(summary.report).toBe("k6-report.html");
    expect(run.stdout).toContain(join(loadDir(testId!), "k6-report.html"));
    const k6Report = readFileSync(join(loadDir(testId!), summary.report!), "utf8");
    expect(k6Report).toMatch(/^<!DOCTYPE html>/i);
    expect(k6Report.length).toBeGreaterThan(50_000);
    // Half the accepted placements were sent again with their key, and each got the order the first answer named.
    const acks = readAcknowledgements(loadDir(testId!));
    expect(acks.retried.length).toBeGreaterThan(0);
    const firstAnswer = new Map(acks.acknowledged.map(({ key, orderId }) => [key, orderId]));
    for (const { key, orderId } of acks.retried) expect(orderId, key).toBe(firstAnswer.get(key));
    // Every threshold k6 applied is one the SLO specs generated, and all of them were applied.
    expect(summary.thresholds.map((t) => `${t.metric} ${t.threshold}`).sort()).toEqual(readThresholdsFile().sort());

    const verify = firebreak("verify", "--json", "--load", testId!, "--drain-timeout", "120");
    const report = JSON.parse(verify.stdout) as { valid: boolean; counts: Record<string, number> };
    expect(report.counts, verify.stdout).toMatchObject({ lost: 0, duplicated: 0, unexpected: 0 });
    expect(verify.code, verify.stdout).toBe(0);
  }, 240_000);

  it("When the profile, rate, duration or target is bad, then load names the bad value and exits 2", () => {
    const cases: [string[], string][] = [
      [["load", "lunch"], "unknown profile 'lunch'"],
      [["load", "average", "--rate", "fast"], "bad --rate 'fast'"],
      [["load", "average", "--rate=-5"], "bad --rate '-5'"],
      [["load", "average", "--duration", "forever"], "bad --duration 'forever'"],
      [["load", "smoke", "--target", "ftp://example"], "bad --target 'ftp://example'"],
      [["load"], "load needs a profile"],
      [["verify", "--load", "no-such-run"], "--load 'no-such-run'"],
      [["bench", "throughput"], "unknown benchmark 'throughput'"],
      [["bench", "capacity", "--duration", "5s"], "from 40s to 1h, got '5s'"],
      [["bench", "capacity", "--rate", "0"], "'firebreak bench capacity' has no flag '--rate'"],
      [["bench", "capacity", "--rates", "10,x"], "bad --rates '10,x'"],
      [["bench", "capacity", "--variant", "FOO"], "bad --variant 'FOO'"],
    ];
    for (const [args, message] of cases) {
      const result = firebreak(...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toContain(message);
    }
  }, 180_000);
});
