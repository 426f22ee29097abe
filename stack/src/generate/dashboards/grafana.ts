import {
  DashboardBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  type Dashboard,
} from "@grafana/grafana-foundation-sdk/dashboard";
import {
  BigValueColorMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  type DataSourceRef,
} from "@grafana/grafana-foundation-sdk/common";
import { DataqueryBuilder as PromQuery } from "@grafana/grafana-foundation-sdk/prometheus";
import { DataqueryBuilder as LokiQuery } from "@grafana/grafana-foundation-sdk/loki";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";
import { PanelBuilder as StatPanel } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as LogsPanel } from "@grafana/grafana-foundation-sdk/logs";
import { PanelBuilder as TablePanel } from "@grafana/grafana-foundation-sdk/table";
import { DataqueryBuilder as TempoQuery } from "@grafana/grafana-foundation-sdk/tempo";
import type { FirebreakDashboard, MetricPanel, Panel, Series } from "./model.js";

/**
 * Firebreak's dashboards for Grafana (the compose stack). Prometheus panels use the templated
 * `$datasource`; Loki and Tempo are addressed by the UIDs the provisioned datasources declare.
 */
const PROMETHEUS: DataSourceRef = { type: "prometheus", uid: "${datasource}" };
const LOKI: DataSourceRef = { type: "loki", uid: "loki" };
const TEMPO: DataSourceRef = { type: "tempo", uid: "tempo" };

export function toGrafana(dashboard: FirebreakDashboard, description: string): Dashboard {
  const { spec } = dashboard;
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .tags(["firebreak", ...spec.tags])
    .refresh(dashboard.refresh)
    .time({ from: dashboard.from, to: "now" })
    .description(description)
    .readonly();
  withStandardVariables(builder, spec.jobs);
  for (const panel of dashboard.panels) builder.withPanel(grafanaPanel(panel));
  return builder.build();
}

function grafanaPanel(panel: Panel): TimeseriesPanel | StatPanel | LogsPanel | TablePanel {
  const gridPos = panel.at;
  switch (panel.kind) {
    case "timeseries": {
      const built = framed(new TimeseriesPanel(), panel);
      for (const query of queries(panel.series)) built.withTarget(query);
      if (panel.thresholds) {
        const steps = panel.thresholds.map(({ value }) => ({ value, color: "red" }));
        built
          .thresholds(
            new ThresholdsConfigBuilder()
              .mode(ThresholdsMode.Absolute)
              .steps([{ value: null, color: "transparent" }, ...steps]),
          )
          .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
      }
      return built;
    }
    case "stat": {
      const built = framed(new StatPanel(), panel);
      for (const query of queries(panel.series)) built.withTarget(query.exemplar(false).instant());
      if (panel.valueColors) {
        const { below, steps } = panel.valueColors;
        built
          .colorMode(BigValueColorMode.Value)
          .thresholds(
            new ThresholdsConfigBuilder()
              .mode(ThresholdsMode.Absolute)
              .steps([{ value: null, color: below }, ...steps]),
          );
      }
      return built;
    }
    case "logs":
      return new LogsPanel()
        .title(panel.title)
        .description(panel.description)
        .datasource(LOKI)
        .withTarget(new LokiQuery().expr(panel.logql).refId("A").datasource(LOKI))
        .showTime(true)
        .enableLogDetails(true)
        .gridPos(gridPos);
    case "traces":
      return new TablePanel()
        .title(panel.title)
        .description(panel.description)
        .datasource(TEMPO)
        .withTarget(
          new TempoQuery().queryType("traceql").query(panel.traceql).limit(panel.limit).refId("A").datasource(TEMPO),
        )
        .gridPos(gridPos);
  }
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

function framed<P extends TimeseriesPanel | StatPanel>(built: P, panel: MetricPanel): P {
  built.title(panel.title).description(panel.description).unit(panel.unit).datasource(PROMETHEUS);
  built.gridPos(panel.at);
  return built;
}

/** The datasource, job and instance variables every dashboard starts with (Grafana's dashboard-linter conventions). */
function withStandardVariables(dashboard: DashboardBuilder, jobs: string[]): void {
  const jobMatcher = `job=~"${jobs.join("|")}"`;
  dashboard
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
