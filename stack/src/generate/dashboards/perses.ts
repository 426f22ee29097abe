import { HOST, PORTS } from "../../native/ports.js";
import type { Color, FirebreakDashboard, MetricPanel, Panel, Unit } from "./model.js";

/**
 * Firebreak's dashboards as Perses resources (the native stack). Panels name the datasources
 * the native stack provisions (see native/perses.ts); the job and instance variables mirror Grafana's.
 */
export const PERSES_PROJECT = "firebreak";
export const PERSES_DATASOURCES = {
  prometheus: { kind: "PrometheusDatasource", name: "prometheus" },
  loki: { kind: "LokiDatasource", name: "loki" },
  tempo: { kind: "TempoDatasource", name: "tempo" },
} as const;

/** Grafana's unit ids to Perses formats; "short" is a plain number. */
const FORMATS: Record<Unit, { unit: string; shortValues?: boolean }> = {
  s: { unit: "seconds" },
  percentunit: { unit: "percent-decimal" },
  short: { unit: "decimal", shortValues: true },
  ops: { unit: "ops/sec", shortValues: true },
  reqps: { unit: "requests/sec", shortValues: true },
  bytes: { unit: "bytes", shortValues: true },
};

/** A panel's key in the dashboard (and in a link that opens it alone): its title, snake_cased. */
export const panelKey = (title: string): string =>
  title
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, "_")
    .replaceAll(/^_|_$/g, "");

export function toPerses(dashboard: FirebreakDashboard): object {
  const { spec } = dashboard;
  const keyed = dashboard.panels.map((panel) => [panelKey(panel.title), panel] as const);
  return {
    kind: "Dashboard",
    metadata: { name: spec.uid, project: PERSES_PROJECT },
    spec: {
      display: { name: spec.title },
      duration: dashboard.from.replace(/^now-/, ""),
      refreshInterval: dashboard.refresh,
      datasources: embeddedDatasources(),
      variables: standardVariables(spec.jobs),
      panels: Object.fromEntries(keyed.map(([key, panel]) => [key, persesPanel(panel)])),
      layouts: [
        {
          kind: "Grid",
          spec: {
            items: keyed.map(([key, { at }]) => ({
              x: at.x,
              y: at.y,
              width: at.w,
              height: at.h,
              content: { $ref: `#/spec/panels/${key}` },
            })),
          },
        },
      ],
    },
  };
}

function persesPanel(panel: Panel): object {
  const display = { name: panel.title, description: panel.description };
  switch (panel.kind) {
    case "timeseries":
      return {
        kind: "Panel",
        spec: {
          display,
          plugin: {
            kind: "TimeSeriesChart",
            spec: {
              legend: { position: "bottom", mode: "list" },
              yAxis: { format: FORMATS[panel.unit] },
              ...(panel.thresholds ? { thresholds: thresholds(panel) } : {}),
            },
          },
          queries: promQueries(panel),
        },
      };
    case "stat":
      return {
        kind: "Panel",
        spec: {
          display,
          plugin: {
            kind: "StatChart",
            spec: {
              calculation: "last-number",
              format: FORMATS[panel.unit],
              ...(panel.valueColors ? { thresholds: valueColors(panel.valueColors) } : {}),
            },
          },
          queries: promQueries(panel),
        },
      };
    case "logs":
      return {
        kind: "Panel",
        spec: {
          display,
          plugin: { kind: "LogsTable", spec: { time: true, enableDetails: true, direction: "backward" } },
          queries: [
            {
              kind: "LogQuery",
              spec: {
                plugin: { kind: "LokiLogQuery", spec: { query: panel.logql, datasource: PERSES_DATASOURCES.loki } },
              },
            },
          ],
        },
      };
    case "traces":
      return {
        kind: "Panel",
        spec: {
          display,
          plugin: { kind: "TraceTable", spec: {} },
          queries: [
            {
              kind: "TraceQuery",
              spec: {
                plugin: {
                  kind: "TempoTraceQuery",
                  spec: { query: panel.traceql, limit: panel.limit, datasource: PERSES_DATASOURCES.tempo },
                },
              },
            },
          ],
        },
      };
  }
}

const promQueries = (panel: MetricPanel) =>
  panel.series.map((series) => ({
    kind: "TimeSeriesQuery",
    spec: {
      plugin: {
        kind: "PrometheusTimeSeriesQuery",
        spec: { query: series.expr, seriesNameFormat: series.legend, datasource: PERSES_DATASOURCES.prometheus },
      },
    },
  }));

/** Perses's palette for the model's colour names (its own default red is the threshold lines'). */
const HEX: Record<Color, string> = { red: "#d32f2f", orange: "#f57c00", green: "#388e3c" };

const valueColors = ({ below, steps }: NonNullable<MetricPanel["valueColors"]>) => ({
  mode: "absolute",
  defaultColor: HEX[below],
  steps: steps.map(({ value, color }) => ({ value, color: HEX[color] })),
});

const thresholds = (panel: MetricPanel) => ({
  mode: "absolute",
  steps: (panel.thresholds ?? []).map(({ value, label }) => ({ value, name: label, color: HEX.red })),
});

/**
 * The dashboard carries its datasources (as well as the stack's global ones): Perses's UI resolves a
 * dashboard's own datasources at once, but a global one only after its list has loaded, and a panel
 * asking before that fails with "No datasource found" until the page is reloaded (seen on a busy machine).
 */
function embeddedDatasources(): Record<string, object> {
  const proxied = (kind: string, port: number) => ({
    default: true,
    plugin: { kind, spec: { proxy: { kind: "HTTPProxy", spec: { url: `http://${HOST}:${port}` } } } },
  });
  return {
    [PERSES_DATASOURCES.prometheus.name]: proxied(PERSES_DATASOURCES.prometheus.kind, PORTS.prometheus),
    [PERSES_DATASOURCES.loki.name]: proxied(PERSES_DATASOURCES.loki.kind, PORTS.loki),
    [PERSES_DATASOURCES.tempo.name]: proxied(PERSES_DATASOURCES.tempo.kind, PORTS.tempo),
  };
}

/** Job and instance, each multi-valued with "All" meaning any (`.+`), as on Grafana. */
function standardVariables(jobs: string[]): object[] {
  const jobMatcher = `job=~"${jobs.join("|")}"`;
  const variable = (name: string, label: string, matcher: string) => ({
    kind: "ListVariable",
    spec: {
      name,
      display: { name: label },
      allowAllValue: true,
      allowMultiple: true,
      customAllValue: ".+",
      defaultValue: "$__all",
      plugin: {
        kind: "PrometheusLabelValuesVariable",
        spec: { labelName: name, matchers: [matcher], datasource: PERSES_DATASOURCES.prometheus },
      },
    },
  });
  return [
    variable("job", "Job", `up{${jobMatcher}}`),
    variable("instance", "Instance", `up{${jobMatcher}, job=~"$job"}`),
  ];
}
