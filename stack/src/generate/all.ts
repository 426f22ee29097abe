import { experimentFiles } from "../chaos/catalog.js";
import { loadExperiment } from "../chaos/experiment.js";
import { renderCapacityPlan } from "../bench/plan-render.js";
import { renderExperimentCatalog, renderExperimentSchema } from "../chaos/schema.js";
import { renderThresholds } from "../load/thresholds.js";
import { renderSloRules } from "../slo/generate.js";
import { renderComposeConfigs } from "./compose-configs.js";
import { renderDashboards } from "./dashboards/render.js";
import { renderHelmChart } from "./helm-chart.js";
import { renderPlanValues } from "./helm-plan-values.js";
import { renderOpenApiDocs } from "./openapi-docs.js";

/** Every committed file `npm run generate` writes, with its text: one list for the script and the tests. */
export function renderGenerated(): [path: string, text: string][] {
  return [
    ...renderComposeConfigs(),
    ...renderOpenApiDocs(),
    ...renderDashboards(),
    ...renderThresholds(),
    ...renderExperimentSchema(),
    ...renderExperimentCatalog(experimentFiles().map(loadExperiment)),
    ...renderSloRules(),
    ...renderCapacityPlan(),
    ...renderHelmChart(),
    ...renderPlanValues(),
  ];
}
