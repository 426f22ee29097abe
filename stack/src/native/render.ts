import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "./paths.js";

/** Config templates in the repository and where each lands under the stack's conf directory. */
export const TEMPLATES: Record<string, string> = {
  "cdc/kafka/server.properties": "kafka/server.properties",
  "cdc/kafka/log4j2.properties": "kafka/log4j2.properties",
  "cdc/connect/worker.properties": "connect/worker.properties",
  "cdc/jmx/jmx-exporter.yaml": "jmx/jmx-exporter.yaml",
  "stack/conf/postgres/setup.sql": "postgres/setup.sql",
  "stack/conf/postgres/grants.sql": "postgres/grants.sql",
  "stack/conf/postgres/pg_hba.conf": "postgres/pg_hba.conf",
  "stack/conf/postgres/pg_ident.conf": "postgres/pg_ident.conf",
  "stack/conf/clickhouse/config.xml": "clickhouse/config.xml",
  "observability/prometheus/prometheus.yml": "prometheus/prometheus.yml",
  "observability/alertmanager/alertmanager.yml": "alertmanager/alertmanager.yml",
  "observability/otel-collector/config.yaml": "otelcol/config.yaml",
  "observability/loki/loki.yaml": "loki/loki.yaml",
  "observability/tempo/tempo.yaml": "tempo/tempo.yaml",
  "observability/blackbox/blackbox.yml": "blackbox/blackbox.yml",
  "observability/perses/config.yaml": "perses/config.yaml",
  "observability/perses/provisioning/firebreak.yaml": "perses/provisioning/firebreak.yaml",
};

const PLACEHOLDER = /\$\{(FB_[A-Z0-9_]+)\}/g;

/** Replaces ${FB_*} placeholders; an unknown one is an error, never an empty string. */
export function renderTemplate(text: string, values: Record<string, string>, source = "template"): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${source}: unknown placeholder \${${name}}`);
    return value;
  });
}

export function renderAll(values: Record<string, string>, confDir: string): void {
  for (const [source, target] of Object.entries(TEMPLATES)) {
    const rendered = renderTemplate(readFileSync(join(REPO_ROOT, source), "utf8"), values, source);
    const path = join(confDir, target);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, rendered);
  }
}
