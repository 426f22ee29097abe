import { join } from "node:path";
import { LABELS, METRICS } from "@firebreak/platform";
import { REPO_ROOT } from "../native/paths.js";
import { HOST, PORTS } from "../native/ports.js";
import { errorRatio } from "../slo/rules.js";
import { loadSpecs, type Slo } from "../slo/spec.js";

/** One SLO's error ratio over a plateau's window, against the budget its target leaves. */
export interface SliReading {
  slo: string;
  /** null when the window saw no traffic for it: that does not hold either. */
  errorRatio: number | null;
  budget: number;
}

export interface PlateauP99 {
  placementMs: number | null;
  sagaSeconds: number | null;
  freshnessSeconds: number | null;
}

const placements = `job="gateway", ${LABELS.httpRequestMethod}="POST", ${LABELS.httpRoute}="/api/v1/orders"`;
const p99 = (metric: string, selector: string, window: string) =>
  `histogram_quantile(0.99, sum by (le) (rate(${metric}_bucket{${selector}}[${window}])))`;

/** The queries of a plateau: every SLO's error ratio from its spec, and three p99s, over `windowSeconds`. */
export function plateauQueries(specs: Slo[], windowSeconds: number) {
  const window = `${Math.max(1, Math.round(windowSeconds))}s`;
  return {
    slis: specs.map((slo) => ({
      slo: slo.name,
      query: errorRatio(slo, window),
      budget: Number((1 - slo.target / 100).toPrecision(6)),
    })),
    p99: {
      placementMs: p99(METRICS.httpServerDuration, placements, window),
      sagaSeconds: p99(METRICS.sagaDuration, 'job="orders"', window),
      freshnessSeconds: p99(METRICS.cdcFreshness, 'job="analytics"', window),
    },
  };
}

/** An instant query evaluated at a given time (Unix seconds): the value of its first series, or null. */
export async function promAt(query: string, atSeconds: number): Promise<number | null> {
  const params = new URLSearchParams({ query, time: String(atSeconds) });
  const url = `http://${HOST}:${PORTS.prometheus}/api/v1/query?${params}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`Prometheus answered ${response.status} to ${query}: ${await response.text()}`);
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  const value = Number(body.data.result[0]?.value[1] ?? NaN);
  return Number.isFinite(value) ? value : null;
}

/** Every SLI of the window that ends at `endMs` and lasts `windowSeconds`, read from Prometheus. */
export async function readPlateauSlis(
  endMs: number,
  windowSeconds: number,
): Promise<{ slis: SliReading[]; p99: PlateauP99 }> {
  const queries = plateauQueries(loadSpecs(join(REPO_ROOT, "observability", "slos")), windowSeconds);
  const at = endMs / 1000;
  const slis = await Promise.all(
    queries.slis.map(async ({ slo, query, budget }) => ({ slo, errorRatio: await promAt(query, at), budget })),
  );
  const [placement, saga, freshness] = await Promise.all([
    promAt(queries.p99.placementMs, at),
    promAt(queries.p99.sagaSeconds, at),
    promAt(queries.p99.freshnessSeconds, at),
  ]);
  return {
    slis,
    p99: {
      placementMs: placement === null ? null : Math.round(placement * 1000),
      sagaSeconds: saga === null ? null : Number(saga.toFixed(2)),
      freshnessSeconds: freshness === null ? null : Number(freshness.toFixed(2)),
    },
  };
}
