import { join } from "node:path";
import { LABELS, METRICS } from "@firebreak/platform";
import { promQuery, promRange } from "../clients/backends.js";
import { REPO_ROOT } from "../native/paths.js";
import { BURN_ALERTS, errorRatio } from "../slo/rules.js";
import { latencyBoundSeconds, loadSpecs, seconds, type Slo } from "../slo/spec.js";
import type { SLI_NAMES } from "./experiment.js";
import type { BudgetConsumed, ProbeResult, Series } from "./journal.js";

export type SliName = (typeof SLI_NAMES)[number];

let specs: Slo[] | undefined;
export function sloSpecs(): Slo[] {
  specs ??= loadSpecs(join(REPO_ROOT, "observability", "slos"));
  return specs;
}

export function sloNamed(name: string): Slo | undefined {
  return sloSpecs().find((slo) => slo.name === name);
}

const placements = `job="gateway", ${LABELS.httpRequestMethod}="POST", ${LABELS.httpRoute}="/api/v1/orders"`;

/** Each SLI over a trailing window: the SLO specs' own error ratios, and the placement p99. */
export function sliQuery(name: SliName, window: string): string {
  switch (name) {
    case "placement_error_ratio":
      return errorRatio(sloNamed("order-placement-availability")!, window);
    case "read_error_ratio":
      return errorRatio(sloNamed("order-read-availability")!, window);
    case "placement_p99_seconds":
      return `histogram_quantile(0.99, sum by (le) (rate(${METRICS.httpServerDuration}_bucket{${placements}}[${window}])))`;
  }
}

const firstValue = (samples: { value: [number, string] }[]) => {
  const value = samples[0] ? Number(samples[0].value[1]) : null;
  return value === null || Number.isNaN(value) ? null : value;
};

/** Every limit checked now over a trailing window; an SLI with no traffic has no value and does not hold. */
export async function probe(limits: Partial<Record<SliName, { max: number }>>, window: string): Promise<ProbeResult[]> {
  return Promise.all(
    Object.entries(limits).map(async ([name, limit]) => {
      const value = firstValue(await promQuery(sliQuery(name as SliName, window)));
      return { name, value, max: limit!.max, ok: value !== null && value <= limit!.max };
    }),
  );
}

/** Percent of each SLO's whole-window error budget the last `runSeconds` consumed. */
export async function budgetConsumed(runSeconds: number): Promise<BudgetConsumed[]> {
  const window = `${Math.ceil(runSeconds)}s`;
  return Promise.all(
    sloSpecs().map(async (slo) => {
      const ratio = firstValue(await promQuery(errorRatio(slo, window))) ?? 0;
      const budget = 1 - slo.target / 100;
      const consumed = (ratio / budget) * (runSeconds / seconds(slo.window)) * 100;
      return { slo: slo.name, consumedPercent: Number(consumed.toFixed(3)) };
    }),
  );
}

/** The page's quick pair fires at this burn rate (14.4×). */
const [, , PAGE_BURN_RATE] = BURN_ALERTS.page.pairs[0];

const SERIES: (Omit<Series, "points"> & { query: string })[] = [
  {
    name: "order placement p99 latency",
    unit: "s",
    query: sliQuery("placement_p99_seconds", "30s"),
    threshold: { value: latencyBoundSeconds(sloNamed("order-placement-latency")!), label: "SLO" },
  },
  { name: "order placement error ratio", unit: "ratio", query: sliQuery("placement_error_ratio", "30s") },
  {
    name: "order placement burn rate (1m)",
    unit: "x",
    query: `(${sliQuery("placement_error_ratio", "1m")}) / ${1 - sloNamed("order-placement-availability")!.target / 100}`,
    threshold: { value: PAGE_BURN_RATE, label: "pages at" },
  },
  { name: "saga consumer lag", unit: "messages", query: `sum(${METRICS.consumerLag})` },
];

/** The plots of the report: each series over the run, one point every 5 s. */
export async function runSeries(sinceSeconds: number): Promise<Series[]> {
  return Promise.all(
    SERIES.map(async ({ query, ...series }) => {
      const result = (await promRange(query, sinceSeconds, 5))[0] as { values?: [number, string][] } | undefined;
      const points = (result?.values ?? []).map(([t, v]): [number, number | null] => {
        const value = Number(v);
        return [t, Number.isFinite(value) ? value : null];
      });
      return { ...series, points };
    }),
  );
}
