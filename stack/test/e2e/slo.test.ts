import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/native/paths.js";
import { renderSloRules, DRILL_RULES_FILE, RULES_FILE } from "../../src/slo/generate.js";
import { loadSpecs, SpecError } from "../../src/slo/spec.js";
import { runbookBaseUrl } from "../../src/slo/rules.js";
import { firebreak } from "../helpers.js";

const TESTS_DIR = join(REPO_ROOT, "observability", "prometheus", "tests");

function promtool(...args: string[]) {
  const result = spawnSync("promtool", args, { encoding: "utf8", cwd: TESTS_DIR, timeout: 300_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** One promtool process per suite, all at once: promtool runs the files it is given one by one. */
function promtoolSuite(suite: string): Promise<{ suite: string; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("promtool", ["test", "rules", suite], { cwd: TESTS_DIR, timeout: 300_000 });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => resolve({ suite, code: null, output: error.message }));
    child.on("close", (code) => resolve({ suite, code, output }));
  });
}

function specError(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "slo-spec-"));
  writeFileSync(join(dir, "broken.yaml"), yaml);
  try {
    loadSpecs(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message;
  }
  throw new Error("the spec was accepted");
}

const VALID_SLO = `service: s
slos:
  - name: x
    objective: everything works for everyone
    target: 99.9
    window: 30d
    sli:
      errors: sum(rate(e[{{window}}]))
      total: sum(rate(t[{{window}}]))
`;

describe("SLOs as code", () => {
  it("When the specs change, then the committed rule files are regenerated (firebreak slo generate)", () => {
    for (const [target, text] of renderSloRules()) {
      expect(readFileSync(join(REPO_ROOT, target), "utf8"), `${target} is stale: run npx firebreak slo generate`).toBe(
        text,
      );
    }
  });

  it("When promtool checks the generated rules, then they are valid", () => {
    const result = promtool("check", "rules", join(REPO_ROOT, RULES_FILE), join(REPO_ROOT, DRILL_RULES_FILE));
    expect(result.code, result.output).toBe(0);
  });

  it("When the promtool suites run, then fast and slow burns alert and quiet cases stay silent", async () => {
    const suites = readdirSync(TESTS_DIR).filter((name) => name.endsWith(".test.yml"));
    expect(suites.length).toBeGreaterThanOrEqual(3);
    const results = await Promise.all(suites.map(promtoolSuite));
    for (const { suite, code, output } of results) expect(code, `${suite}\n${output}`).toBe(0);
  }, 300_000);

  it("When every SLO the platform promises is listed, then each has page and ticket alerts", () => {
    const rules = renderSloRules().get(RULES_FILE)!;
    for (const name of [
      "OrderPlacementAvailability",
      "OrderPlacementLatency",
      "SagaCompletion",
      "AnalyticsFreshness",
      "OrderReadAvailability",
    ]) {
      expect(rules).toContain(`alert: ${name}FastBurn\n`);
      expect(rules).toContain(`alert: ${name}SlowBurn\n`);
    }
  });

  it("When any alert fires, then its runbook_url is a link to a runbook that exists", () => {
    const files = [
      "observability/prometheus/rules/slos.yml",
      "observability/prometheus/rules/stack.yml",
      DRILL_RULES_FILE,
    ];
    let alerts = 0;
    for (const file of files) {
      const { groups } = parse(readFileSync(join(REPO_ROOT, file), "utf8")) as {
        groups: { rules: { alert?: string; annotations?: { runbook_url?: string } }[] }[];
      };
      for (const rule of groups.flatMap((group) => group.rules).filter((r) => r.alert)) {
        alerts += 1;
        const runbook = rule.annotations?.runbook_url ?? "";
        expect(runbook.startsWith(`${runbookBaseUrl()}/`), `${rule.alert}: ${runbook}`).toBe(true);
        const name = runbook.slice(runbookBaseUrl().length + 1);
        expect(name, rule.alert).toMatch(/^\w+\.md$/);
        expect(existsSync(join(REPO_ROOT, "observability", "runbooks", name)), `${rule.alert}: ${runbook}`).toBe(true);
      }
    }
    expect(alerts).toBeGreaterThanOrEqual(21);
  });

  it("When a spec is broken, then the error names the file and the field", () => {
    expect(specError(VALID_SLO.replace("target: 99.9", "target: 100"))).toBe(
      "broken.yaml: slos.0.target: must be below 100: a 100% objective has no error budget",
    );
    expect(specError(VALID_SLO.replace("sum(rate(t[{{window}}]))", "sum(rate(t[5m]))"))).toMatch(
      /^broken\.yaml: slos\.0\.sli/,
    );
    expect(specError(VALID_SLO.replace("window: 30d", "window: a month"))).toBe(
      "broken.yaml: slos.0.window: a duration such as 30d",
    );
    expect(specError("service: [")).toMatch(/^broken\.yaml: not valid YAML/);
  });

  it("When the drill compression is not a whole number in range, then the CLI names it and exits 2", () => {
    const result = firebreak("slo", "generate", "--drill-compression", "0.5");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'0.5'");
  });
});
