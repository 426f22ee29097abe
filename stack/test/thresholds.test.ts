import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderThresholds, thresholdsFromSpecs } from "../src/load/thresholds.js";
import { loadSpecs, SpecError } from "../src/slo/spec.js";
import { REPO_ROOT } from "../src/native/paths.js";

const specs = () => loadSpecs(join(REPO_ROOT, "observability", "slos"));

describe("k6 thresholds from the SLO specs", () => {
  it("When the thresholds are generated, then the committed file is current", () => {
    for (const [target, text] of renderThresholds()) {
      expect(readFileSync(join(REPO_ROOT, target), "utf8"), `${target} is stale: run npm run generate`).toBe(text);
    }
  });

  it("When an SLO target or latency bound changes, then the load thresholds move with it", () => {
    const changed = specs().map((slo) => {
      if (slo.name === "order-placement-availability") return { ...slo, target: 99.5 };
      if (slo.name === "order-placement-latency" && "good" in slo.sli) {
        return { ...slo, sli: { ...slo.sli, good: slo.sli.good.replace('le="0.3"', 'le="0.5"') } };
      }
      return slo;
    });
    const thresholds = thresholdsFromSpecs(changed);
    expect(thresholds["http_req_failed{op:place_order}"]).toEqual(["rate<0.005"]);
    expect(thresholds["http_req_duration{op:place_order}"]).toEqual(["p(99)<500"]);
    expect(thresholds.dropped_iterations).toEqual(["count==0"]);
  });

  it("When a client-visible SLO is missing from the specs, then generation fails naming it", () => {
    const without = specs().filter((slo) => slo.name !== "order-read-availability");
    expect(() => thresholdsFromSpecs(without)).toThrow(SpecError);
    expect(() => thresholdsFromSpecs(without)).toThrow(/order-read-availability/);
  });
});
