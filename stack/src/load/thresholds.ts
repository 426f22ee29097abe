import { join } from "node:path";
import { REPO_ROOT } from "../native/paths.js";
import { latencyBoundSeconds, loadSpecs, SpecError, type Slo } from "../slo/spec.js";
import { generatedNotice } from "../generate/notice.js";

/**
 * Which SLO a k6 request tag answers for. The numbers (target, latency threshold) are read from
 * the SLO specs, never copied: a spec change moves the load tests' thresholds with it.
 */
const CLIENT_VISIBLE_SLOS: Record<string, { op: string; kind: "availability" | "latency" }> = {
  "order-placement-availability": { op: "place_order", kind: "availability" },
  "order-placement-latency": { op: "place_order", kind: "latency" },
  "order-read-availability": { op: "read_order", kind: "availability" },
};

export const THRESHOLDS_FILE = "loadtests/generated/thresholds.json";

const latencyBoundMs = (slo: Slo) => Math.round(latencyBoundSeconds(slo) * 1000);

/** Remove float noise: 100 - 99.9 is 0.09999999999999432. */
const errorBudget = (target: number) => Number(((100 - target) / 100).toPrecision(6));

export function thresholdsFromSpecs(specs: Slo[]): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {
    // The generator's own validity: a dropped iteration is load that was never offered.
    dropped_iterations: ["count==0"],
  };
  for (const slo of specs) {
    const mapping = CLIENT_VISIBLE_SLOS[slo.name];
    if (!mapping) continue;
    if (mapping.kind === "availability") {
      thresholds[`http_req_failed{op:${mapping.op}}`] = [`rate<${errorBudget(slo.target)}`];
    } else {
      thresholds[`http_req_duration{op:${mapping.op}}`] = [`p(${slo.target})<${latencyBoundMs(slo)}`];
    }
  }
  for (const name of Object.keys(CLIENT_VISIBLE_SLOS)) {
    if (!specs.some((slo) => slo.name === name))
      throw new SpecError(`no SLO named '${name}' for the load-test thresholds`);
  }
  return thresholds;
}

export function renderThresholds(): [string, string][] {
  const thresholds = thresholdsFromSpecs(loadSpecs(join(REPO_ROOT, "observability", "slos")));
  const document = {
    "//": generatedNotice("observability/slos/*.yaml"),
    thresholds,
  };
  return [[THRESHOLDS_FILE, `${JSON.stringify(document, null, 2)}\n`]];
}
