import { stringify } from "yaml";
import { toGrafana } from "./grafana.js";
import type { FirebreakDashboard } from "./model.js";
import { toPerses } from "./perses.js";
import { DASHBOARDS } from "./catalog.js";
import { generatedNotice } from "../notice.js";

export const DASHBOARDS_DIR = "observability/grafana/dashboards";
export const PERSES_DASHBOARDS_DIR = "observability/perses/dashboards";

const GENERATED = generatedNotice("stack/src/generate/dashboards");

/**
 * Each dashboard for Grafana (JSON; the DO-NOT-EDIT note rides in the description) and for Perses
 * (YAML with the note as a header), as [repo-relative path, text].
 */
export function renderDashboards(): [string, string][] {
  const dashboards = DASHBOARDS;
  return [
    ...dashboards.map(renderGrafana),
    [`${DASHBOARDS_DIR}/.lint`, renderLintExclusions()],
    ...dashboards.map(renderPerses),
  ];
}

/**
 * Where Grafana's dashboard-linter assumes Prometheus and Firebreak knowingly differs, with the reason.
 * SLO series come from recording rules that aggregate job and instance away; Loki streams carry
 * service_name, not job; the linter reads a Tempo table as if it were a PromQL panel.
 */
const SLO = { dashboard: "Firebreak / SLO overview", reason: "SLO recording rules aggregate job and instance away" };
const LOGS = {
  dashboard: "Firebreak / Services (RED)",
  panel: "Service logs",
  reason: "Loki streams carry service_name, not job or instance",
};
const TRACES = {
  dashboard: "Firebreak / Saga and CDC pipeline",
  panel: "Order placement traces",
  reason: "a Tempo TraceQL table, which the linter checks as PromQL",
};
const K6 = {
  dashboard: "Firebreak / Load test (k6)",
  reason: "k6 remote-writes its series; they carry testid, not job",
};
const LINT_EXCLUSIONS: Record<string, object[]> = {
  "target-job-rule": [SLO, LOGS, TRACES, K6],
  "target-instance-rule": [SLO, LOGS, TRACES, K6],
  "target-promql-rule": [TRACES],
  "panel-datasource-rule": [TRACES],
  "panel-units-rule": [TRACES],
};

function renderLintExclusions(): string {
  const exclusions = Object.fromEntries(
    Object.entries(LINT_EXCLUSIONS).map(([rule, entries]) => [rule, { reason: "see each entry", entries }]),
  );
  return `# ${GENERATED}\n${stringify({ exclusions }, { aliasDuplicateObjects: false })}`;
}

function renderGrafana(dashboard: FirebreakDashboard): [string, string] {
  const json = toGrafana(dashboard, GENERATED);
  return [`${DASHBOARDS_DIR}/${dashboard.spec.uid}.json`, `${JSON.stringify(json, null, 2)}\n`];
}

function renderPerses(dashboard: FirebreakDashboard): [string, string] {
  const resource = toPerses(dashboard);
  return [
    `${PERSES_DASHBOARDS_DIR}/${dashboard.spec.uid}.yaml`,
    `# ${GENERATED}\n${stringify(resource, { aliasDuplicateObjects: false, lineWidth: 0 })}`,
  ];
}
