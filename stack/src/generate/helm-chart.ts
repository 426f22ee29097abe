import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { connectorName, outboxConnector } from "@firebreak/cdc";
import { experimentFiles } from "../chaos/catalog.js";
import { loadExperiment, type Experiment } from "../chaos/experiment.js";
import { renderThresholds, THRESHOLDS_FILE } from "../load/thresholds.js";
import { DEBEZIUM_VERSION, KAFKA_VERSION } from "../native/manifest.js";
import { REPO_ROOT } from "../native/paths.js";
import { SERVICES_WITH_DATABASE, type ServiceWithDatabase } from "../native/service-env.js";
import { DRILL_RULES_FILE, renderSloRules, RULES_FILE } from "../slo/generate.js";
import { chaosMeshFaults } from "./helm-chaos.js";
import { generatedNotice } from "./notice.js";

/** What the chart's templates read with .Files.Get. */
export const CHART_FILES = "deploy/helm/firebreak/files";

const WORKER_PROPERTIES = "cdc/connect/worker.properties";
/** Worker keys Strimzi sets itself, or refuses in KafkaConnect's config (prefixes). */
const STRIMZI_OWNED = ["bootstrap.servers", "listeners", "rest.", "plugin.path"];
/** The k6 script and the module it imports, laid out as in loadtests/ so that its relative paths hold. */
const K6_SOURCES = ["loadtests/scripts/orders.ts", "loadtests/lib/profiles.ts"];

/** JSON carries its notice as a "//" member, as loadtests/generated/thresholds.json does. */
const json = (source: string, body: object) =>
  `${JSON.stringify({ "//": generatedNotice(source), ...body }, null, 2)}\n`;

/**
 * The chart's generated inputs: the connectors, the Connect worker, the pinned versions, the SLO rules,
 * the k6 script and the Chaos Mesh faults come from the same sources as the native stack's.
 */
export function renderHelmChart(): Map<string, string> {
  return new Map([
    ...SERVICES_WITH_DATABASE.map(connectorFile),
    [`${CHART_FILES}/connect-worker.json`, connectWorker()],
    [
      `${CHART_FILES}/versions.json`,
      json("stack/src/native/manifest.ts", { kafka: KAFKA_VERSION, debezium: DEBEZIUM_VERSION }),
    ],
    ...ruleFiles(),
    ...k6Files(),
    ...chaosFiles(experimentFiles().map(loadExperiment)),
  ]);
}

/**
 * A KafkaConnector's spec: Strimzi takes the class and the task count as fields of their own and refuses
 * them in the config. The host is the default release's CloudNativePG service; the chart puts its own
 * release's there (templates/kafka/connectors.yaml).
 */
function connectorFile(service: ServiceWithDatabase): [string, string] {
  const source = { service, host: `firebreak-${service}-db-rw`, port: 5432 };
  const { "connector.class": connectorClass, "tasks.max": tasksMax, ...config } = outboxConnector(source);
  const spec = { class: connectorClass, tasksMax: Number(tasksMax), config };
  return [`${CHART_FILES}/connectors/${connectorName(service)}.json`, json("cdc/src/connectors.ts", spec)];
}

/** The native worker's settings, less what Strimzi owns and what the chart sets per shape (replication factors). */
function connectWorker(): string {
  const config: Record<string, string> = {};
  for (const line of readFileSync(join(REPO_ROOT, WORKER_PROPERTIES), "utf8").split("\n")) {
    const [, key = "", value = ""] = /^([^#\s][^=]*)=(.*)$/.exec(line) ?? [];
    if (!key || STRIMZI_OWNED.some((prefix) => key.startsWith(prefix)) || value.includes("${FB_")) continue;
    config[key] = value;
  }
  return json(WORKER_PROPERTIES, { config });
}

/** The rule groups of the native stack's rule files, with this file's own notice in place of theirs. */
function ruleFiles(): [string, string][] {
  const rendered = renderSloRules();
  const groups = (file: string) => rendered.get(file)!.replace(/^(#.*\n)+/, "");
  const header = (file: string) => `# ${generatedNotice("observability/slos/*.yaml")}\n# The rule groups of ${file}.\n`;
  return [
    [`${CHART_FILES}/prometheus-rules.yaml`, header(RULES_FILE) + groups(RULES_FILE)],
    [`${CHART_FILES}/prometheus-rules-drill.yaml`, header(DRILL_RULES_FILE) + groups(DRILL_RULES_FILE)],
  ];
}

function k6Files(): [string, string][] {
  const copies = K6_SOURCES.map((source): [string, string] => [
    `${CHART_FILES}/k6/${source.replace(/^loadtests\//, "")}`,
    `// ${generatedNotice(source)}\n${readFileSync(join(REPO_ROOT, source), "utf8")}`,
  ]);
  const thresholds = new Map(renderThresholds()).get(THRESHOLDS_FILE)!;
  return [...copies, [`${CHART_FILES}/k6/generated/thresholds.json`, thresholds]];
}

/** files/chaos/<id>.yaml for each experiment that maps, and UNMAPPED.md saying why the others do not. */
function chaosFiles(experiments: Experiment[]): [string, string][] {
  const files: [string, string][] = [];
  const unmapped: string[] = [];
  for (const experiment of experiments) {
    const mapped = chaosMeshFaults(experiment);
    if ("unmapped" in mapped) {
      unmapped.push(`| \`${experiment.id}\` | ${mapped.unmapped} |`);
      continue;
    }
    const faults = mapped.faults.map((fault, index) => ({ name: `${experiment.id}-${index + 1}`, ...fault }));
    const header = `# ${generatedNotice(`chaos/experiments/${experiment.id}.yaml`)}\n# ${experiment.title}\n`;
    const document = { experiment: experiment.id, profile: experiment.profile, faults };
    files.push([`${CHART_FILES}/chaos/${experiment.id}.yaml`, header + stringify(document, { lineWidth: 0 })]);
  }
  const report = [
    `<!-- ${generatedNotice("chaos/experiments/*.yaml")} -->`,
    "",
    "# Experiments without Chaos Mesh resources",
    "",
    "These run on the native stack only (`firebreak chaos run`); the chart renders none of them.",
    "",
    "| experiment | why it does not map |",
    "| --- | --- |",
    ...unmapped,
    "",
  ];
  return [...files, [`${CHART_FILES}/chaos/UNMAPPED.md`, report.join("\n")]];
}
