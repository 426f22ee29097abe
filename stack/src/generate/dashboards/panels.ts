import {
  FirebreakDashboard,
  type DashboardSpec,
  type LogsPanel,
  type MetricPanel,
  type Series,
  type TracesPanel,
  type Unit,
} from "./model.js";

export type { Series } from "./model.js";

/** Every PromQL selector in a panel carries these, so the job and instance variables filter everything. */
export const SCOPE = 'job=~"$job", instance=~"$instance"';

export interface PanelSpec {
  title: string;
  description: string;
  unit: Unit;
  series: Series[];
  thresholds?: MetricPanel["thresholds"];
  valueColors?: MetricPanel["valueColors"];
}

export function timeseries(spec: PanelSpec, width = 12): MetricPanel {
  return { kind: "timeseries", ...spec, at: { x: 0, y: 0, w: width, h: 8 } };
}

export function stat(spec: PanelSpec, width = 6): MetricPanel {
  return { kind: "stat", ...spec, at: { x: 0, y: 0, w: width, h: 5 } };
}

/** A log panel; each line's trace_id links to its trace. */
export function logs(title: string, description: string, logql: string): LogsPanel {
  return { kind: "logs", title, description, logql, at: { x: 0, y: 0, w: 24, h: 10 } };
}

/** A table of traces that match a TraceQL query; each row opens its trace. */
export function traces(title: string, description: string, traceql: string): TracesPanel {
  return { kind: "traces", title, description, traceql, limit: 20, at: { x: 0, y: 0, w: 24, h: 8 } };
}

/** A Firebreak dashboard: tagged, refreshing, with the datasource, job and instance variables. */
export function firebreakDashboard(spec: DashboardSpec): FirebreakDashboard {
  return new FirebreakDashboard(spec);
}

/** p50 and p99 of a histogram, for one timeseries panel. */
export function quantiles(metric: string, by = "le"): Series[] {
  return [0.5, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (${by}) (rate(${metric}_bucket{${SCOPE}}[$__rate_interval])))`,
    legend: by === "le" ? `p${q * 100}` : `{{${by.replace(/, ?le$/, "")}}} p${q * 100}`,
  }));
}
