import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../src/native/paths.js";
import { renderComposeConfigs } from "../src/generate/compose-configs.js";
import { renderOpenApiDocs } from "../src/generate/openapi-docs.js";
import { writeSloRules } from "../src/slo/generate.js";
import { renderDashboards } from "../src/generate/dashboards/render.js";
import { renderThresholds } from "../src/load/thresholds.js";
import { renderExperimentCatalog, renderExperimentSchema } from "../src/chaos/schema.js";
import { experimentFiles } from "../src/chaos/catalog.js";
import { loadExperiment } from "../src/chaos/experiment.js";

for (const [target, text] of [
  ...renderComposeConfigs(),
  ...renderOpenApiDocs(),
  ...renderDashboards(),
  ...renderThresholds(),
  ...renderExperimentSchema(),
  ...renderExperimentCatalog(experimentFiles().map(loadExperiment)),
]) {
  const path = join(REPO_ROOT, target);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stdout.write(`wrote ${target}\n`);
}
for (const file of writeSloRules()) process.stdout.write(`wrote ${file}\n`);
