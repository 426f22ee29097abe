import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { goBinary, pythonToolBinary } from "../src/native/env.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { planCapacity } from "../src/bench/plan.js";
import { PLAN_INPUTS } from "../src/bench/plan-inputs.js";
import { crdSchemas, schemaErrors, UNCHECKED_GROUPS, type Resource } from "./helm-schemas.js";

const CHART = join(REPO_ROOT, "deploy", "helm", "firebreak");
/** Each shape's values files, layered in order: the plan's sizing goes over the ha shape. */
const SHAPES: Record<string, string[]> = {
  small: ["values-small.yaml"],
  ha: ["values-ha.yaml"],
  "ha-plan-100m": ["values-ha.yaml", "values-plan-100m.yaml"],
};
const valueFiles = (shape: string) => SHAPES[shape]!.flatMap((file) => ["-f", join(CHART, file)]);
/** Every mappable experiment switched on, with load and the drill rules: the chart's every template renders. */
const EVERYTHING = [
  "--set",
  "chaos.enabled=true,load.enabled=true,monitoring.drillRules=true",
  "--set-json",
  'chaos.experiments=["orders-sigkill","kafka-bandwidth","postgres-latency","inventory-cut-off","gateway-down"]',
];

/** Helm with its own homes, so that nothing of the user's (repositories, plugins) is read. */
function helm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const home = mkdtempSync(join(tmpdir(), "firebreak-helm-"));
  const env = { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home };
  const result = spawnSync(goBinary("helm", "helm"), args, { cwd: REPO_ROOT, encoding: "utf8", env });
  if (result.error) throw result.error;
  return result;
}

function render(shape: string, extra: string[] = []): Resource[] {
  const result = helm(["template", "firebreak", CHART, "--namespace", "firebreak", ...valueFiles(shape), ...extra]);
  expect(result.stderr, `helm template, shape ${shape}`).toBe("");
  expect(result.status).toBe(0);
  return parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as Resource | null)
    .filter((resource): resource is Resource => resource !== null);
}

const isCore = (resource: Resource) => !resource.apiVersion.includes(".") || resource.apiVersion.includes(".k8s.io/");

describe("the Helm chart (deploy/helm/firebreak)", () => {
  it.each(Object.keys(SHAPES))("When it is linted in the %s shape, then helm lint --strict passes", (shape) => {
    const result = helm(["lint", CHART, "--strict", ...valueFiles(shape), ...EVERYTHING]);
    expect(`${result.stdout}${result.stderr}`).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(result.status).toBe(0);
  });

  it.each(Object.keys(SHAPES))(
    "When it is rendered in the %s shape, then every custom resource conforms to its CRD",
    async (shape) => {
      const schemas = await crdSchemas();
      const custom = render(shape, EVERYTHING).filter((resource) => !isCore(resource));
      const checked = custom.filter((resource) => !UNCHECKED_GROUPS.has(resource.apiVersion.split("/")[0]!));
      expect(checked.length).toBeGreaterThan(0);
      for (const resource of checked) {
        const id = `${resource.kind} ${resource.metadata.name}`;
        const schema = schemas.get(`${resource.apiVersion}/${resource.kind}`);
        expect(schema, `a CRD schema for ${resource.apiVersion} ${resource.kind}`).toBeDefined();
        expect(schemaErrors(schema!, resource), id).toEqual([]);
      }
    },
  );

  it.each(Object.keys(SHAPES))(
    "When it is rendered in the %s shape, then kubernetes-validate --strict passes its core resources",
    (shape) => {
      const core = render(shape, EVERYTHING).filter(isCore);
      const kinds = new Set(core.map((resource) => resource.kind));
      const expected = [
        "Deployment",
        "Service",
        "ConfigMap",
        ...(shape === "small" ? [] : ["HorizontalPodAutoscaler", "PodDisruptionBudget"]),
      ];
      for (const kind of expected) expect(kinds, shape).toContain(kind);
      const dir = mkdtempSync(join(tmpdir(), "firebreak-k8s-"));
      const files = core.map((resource, index) => {
        const file = join(dir, `${index}-${resource.kind}-${resource.metadata.name}.json`);
        writeFileSync(file, JSON.stringify(resource));
        return file;
      });
      const result = spawnSync(pythonToolBinary("kubernetes-validate"), ["--strict", "--quiet", ...files], {
        encoding: "utf8",
      });
      expect(`${result.stdout}${result.stderr}`).toBe("");
      expect(result.status).toBe(0);
    },
  );

  it("When the ha shape is rendered, then Kafka runs three nodes with two replicas in sync and services keep one pod through a drain", () => {
    const resources = render("ha");
    const pool = resources.find((resource) => resource.kind === "KafkaNodePool")!;
    const kafka = resources.find((resource) => resource.kind === "Kafka")!;
    expect(pool.spec!.replicas).toBe(3);
    expect((kafka.spec!.kafka as { config: Record<string, unknown> }).config["min.insync.replicas"]).toBe(2);
    const budgets = resources.filter((resource) => resource.kind === "PodDisruptionBudget");
    expect(budgets.map((budget) => budget.metadata.name).sort()).toEqual(
      ["analytics", "gateway", "inventory", "orders", "payments"].map((name) => `firebreak-${name}`),
    );
  });

  it("When the plan's sizing is layered over the ha shape, then each service may scale to the plan's replicas", () => {
    const plan = planCapacity(100_000_000, PLAN_INPUTS);
    const autoscalers = render("ha-plan-100m").filter((resource) => resource.kind === "HorizontalPodAutoscaler");
    for (const service of plan.services.filter((sized) => sized.name !== "payment-provider")) {
      const autoscaler = autoscalers.find((resource) => resource.metadata.name === `firebreak-${service.name}`);
      expect(autoscaler?.spec?.maxReplicas, service.name).toBe(Math.max(2, service.replicas));
    }
    const pool = render("ha-plan-100m").find((resource) => resource.kind === "KafkaNodePool")!;
    expect(pool.spec!.replicas).toBe(plan.kafka.brokers);
  });

  it("When a values file mistypes a key and a type, then helm template fails naming both", () => {
    const broken = join(REPO_ROOT, "stack", "test", "fixtures", "helm-broken-values.yaml");
    const result = helm(["template", "firebreak", CHART, "-f", broken]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(result.stderr).toMatch(/kafka\.replicas|\/kafka\/replicas/);
    expect(result.stderr).toMatch(/replica\b|'replica'/);
  });
});
