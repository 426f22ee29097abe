import {
  DashboardBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
} from "@grafana/grafana-foundation-sdk/dashboard";
import type { DataSourceRef } from "@grafana/grafana-foundation-sdk/common";
import { DataqueryBuilder as PromQuery } from "@grafana/grafana-foundation-sdk/prometheus";
import { DataqueryBuilder as LokiQuery } from "@grafana/grafana-foundation-sdk/loki";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";
import { PanelBuilder as StatPanel } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as LogsPanel } from "@grafana/grafana-foundation-sdk/logs";
import { PanelBuilder as TablePanel } from "@grafana/grafana-foundation-sdk/table";
import { DataqueryBuilder as TempoQuery } from "@grafana/grafana-foundation-sdk/tempo";

/**
 * The few panel shapes Firebreak's dashboards are made of. Prometheus panels use the templated
 * `$datasource`; Loki and Tempo are addressed by the UIDs the provisioned datasources declare.
 */
export const PROMETHEUS: DataSourceRef = { type: "prometheus", uid: "${datasource}" };
export const LOKI: DataSourceRef = { type: "loki", uid: "loki" };
export const TEMPO: DataSourceRef = { type: "tempo", uid: "tempo" };

/** Every PromQL selector in a panel carries these, so the job and instance variables filter everything. */
export const SCOPE = 'job=~"$job", instance=~"$instance"';

export interface Series {
  expr: string;
  legend: string;
}

export interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  series: Series[];
}

const queries = (series: Series[]) =>
  series.map((s, i) =>
    new PromQuery()
      .expr(s.expr)
      .legendFormat(s.legend)
      .refId(String.fromCharCode(65 + i))
      // Exemplars link a latency point to the trace that produced it.
      .exemplar(true)
      .datasource(PROMETHEUS),
  );

/** Title, description, unit, the templated Prometheus datasource and a size; auto-placed by the dashboard. */
function framed<P extends TimeseriesPanel | StatPanel>(panel: P, spec: PanelSpec, width: number, height: number): P {
  panel.title(spec.title).description(spec.description).unit(spec.unit).datasource(PROMETHEUS);
  panel.gridPos({ x: 0, y: 0, w: width, h: height });
  return panel;
}

export function timeseries(spec: PanelSpec, width = 12): TimeseriesPanel {
  const panel = framed(new TimeseriesPanel(), spec, width, 8);
  for (const query of queries(spec.series)) panel.withTarget(query);
  return panel;
}

export function stat(spec: PanelSpec, width = 6): StatPanel {
  const panel = framed(new StatPanel(), spec, width, 5);
  for (const query of queries(spec.series)) panel.withTarget(query.exemplar(false).instant());
  return panel;
}

/** A log panel; each line's trace_id links to Tempo through the Loki datasource's derived field. */
export function logs(title: string, description: string, expr: string): LogsPanel {
  return new LogsPanel()
    .title(title)
    .description(description)
    .datasource(LOKI)
    .withTarget(new LokiQuery().expr(expr).refId("A").datasource(LOKI))
    .showTime(true)
    .enableLogDetails(true)
    .gridPos({ x: 0, y: 0, w: 24, h: 10 });
}

/** A table of traces that match a TraceQL query; each row opens its trace. */
export function traces(title: string, description: string, traceql: string): TablePanel {
  return new TablePanel()
    .title(title)
    .description(description)
    .datasource(TEMPO)
    .withTarget(new TempoQuery().queryType("traceql").query(traceql).limit(20).refId("A").datasource(TEMPO))
    .gridPos({ x: 0, y: 0, w: 24, h: 8 });
}

/** The datasource, job and instance variables every dashboard starts with (Grafana's dashboard-linter conventions). */
function withStandardVariables(dashboard: DashboardBuilder, jobs: string[]): DashboardBuilder {
  const jobMatcher = `job=~"${jobs.join("|")}"`;
  return dashboard
    .withVariable(new DatasourceVariableBuilder("datasource").label("Prometheus data source").type("prometheus"))
    .withVariable(
      new QueryVariableBuilder("job")
        .label("Job")
        .datasource(PROMETHEUS)
        .query(`label_values(up{${jobMatcher}}, job)`)
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .multi(true)
        .includeAll(true)
        .allValue(".+"),
    )
    .withVariable(
      new QueryVariableBuilder("instance")
        .label("Instance")
        .datasource(PROMETHEUS)
        .query(`label_values(up{${jobMatcher}, job=~"$job"}, instance)`)
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .multi(true)
        .includeAll(true)
        .allValue(".+"),
    );
}

export interface DashboardSpec {
  title: string;
  uid: string;
  tags: string[];
  /** The jobs the job variable offers. */
  jobs: string[];
  refresh?: string;
  from?: string;
}

/** A Firebreak dashboard: tagged, refreshing, with the standard variables. */
export function firebreakDashboard(spec: DashboardSpec): DashboardBuilder {
  const dashboard = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .tags(["firebreak", ...spec.tags])
    .refresh(spec.refresh ?? "10s")
    .time({ from: spec.from ?? "now-1h", to: "now" });
  return withStandardVariables(dashboard, spec.jobs);
}

/** p50 and p99 of a histogram, for one timeseries panel. */
export function quantiles(metric: string, by = "le"): Series[] {
  return [0.5, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (${by}) (rate(${metric}_bucket{${SCOPE}}[$__rate_interval])))`,
    legend: by === "le" ? `p${q * 100}` : `{{${by.replace(/, ?le$/, "")}}} p${q * 100}`,
  }));
}
