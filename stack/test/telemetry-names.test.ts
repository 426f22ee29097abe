import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { LABELS, METRICS } from "@firebreak/platform";
import * as SEMCONV from "@firebreak/platform/semconv";
import { REPO_ROOT } from "../src/native/paths.js";

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix) && !entry.parentPath.includes("node_modules"))
    .map((entry) => join(entry.parentPath, entry.name));
}

const SERVICES = join(REPO_ROOT, "services");
const DECLARATIONS = ["metric-names.ts", "semconv.ts"];
const serviceSources = filesUnder(SERVICES, ".ts").filter((file) => file.includes(`${join("/", "src", "/")}`));
const codeOutsideDeclarations = serviceSources.filter((file) => !DECLARATIONS.some((name) => file.endsWith(name)));
const read = (file: string) => readFileSync(file, "utf8");

/**
 * Metric and label names a PromQL text mentions that belong to Firebreak's services (custom or HTTP).
 * Label values (`slot_name="firebreak_orders_outbox"`, quoted or JSON-escaped) are not names.
 */
function referencedMetrics(text: string): string[] {
  const withoutLabelValues = text.replace(/(?:=~?|!=|!~)\s*\\?"[^"\\]*\\?"/g, "=");
  const names = withoutLabelValues.match(/\b(?:firebreak_[a-z0-9_]+|http_server_[a-z0-9_]+)\b/g) ?? [];
  return names.map((name) => name.replace(/_(bucket|count|sum)$/, ""));
}

describe("telemetry names: the code and the declarations agree", () => {
  const declared = new Set<string>(Object.values(METRICS));

  it("When the declarations are read, then they follow Prometheus naming and OTel units", () => {
    for (const name of declared) {
      expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(name.endsWith("_total") || !/_count$|_sum$|_bucket$/.test(name)).toBe(true);
      if (name.includes("duration") || name.includes("freshness")) expect(name).toMatch(/_seconds$/);
    }
    for (const label of Object.values(LABELS)) expect(label).toMatch(/^[a-z_][a-z0-9_]*$/);
    for (const [key, name] of Object.entries(SEMCONV)) {
      // Attribute names are dotted namespaces; well-known values (DB_SYSTEM_NAME_VALUE_*) are plain words.
      expect(name, key).toMatch(key.includes("_VALUE_") ? /^[a-z][a-z0-9_]*$/ : /^[a-z][a-z_]*(\.[a-z_]+)+$/);
    }
  });

  it("When the services' code is read, then every declared metric is used and none is named outside the declarations", () => {
    const code = codeOutsideDeclarations.map(read).join("\n");
    for (const key of Object.keys(METRICS))
      expect(code, `METRICS.${key} is declared but unused`).toContain(`METRICS.${key}`);
    for (const file of codeOutsideDeclarations) {
      const literals = read(file).match(/["'`](?:firebreak_|http_server_)[a-z0-9_]*["'`]/g) ?? [];
      expect(literals, `${relative(REPO_ROOT, file)} names a metric instead of using METRICS`).toEqual([]);
      const attributes = read(file).match(/["'`](?:messaging|service|http|db)\.[a-z_.]+["'`]/g) ?? [];
      expect(attributes, `${relative(REPO_ROOT, file)} names an attribute instead of using semconv.ts`).toEqual([]);
    }
  });

  it("When SLO specs, rules and dashboards query service metrics, then every metric and label name they use is declared", () => {
    const known = new Set<string>([...declared, ...Object.values(LABELS)]);
    const documents = [
      ...filesUnder(join(REPO_ROOT, "observability", "slos"), ".yaml"),
      ...filesUnder(join(REPO_ROOT, "observability", "prometheus", "rules"), ".yml"),
      ...filesUnder(join(REPO_ROOT, "observability", "grafana", "dashboards"), ".json"),
    ];
    expect(documents.length).toBeGreaterThan(5);
    for (const file of documents) {
      for (const name of referencedMetrics(read(file))) {
        expect(known.has(name), `${relative(REPO_ROOT, file)} uses ${name}, which is not declared`).toBe(true);
      }
    }
  });
});
