import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { goBinary } from "../src/native/env.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { RULES_FILE, SLO_DIR } from "../src/slo/generate.js";
import { burnAlertName, REAL, WINDOWS } from "../src/slo/rules.js";
import { SLOTH_DIR, slothAlertName } from "../src/slo/sloth.js";
import { loadSpecs } from "../src/slo/spec.js";

const sloth = () => goBinary("sloth", "sloth");
const SUITES_DIR = join(REPO_ROOT, "observability", "prometheus", "tests");
const slothSpecs = () => readdirSync(join(REPO_ROOT, SLOTH_DIR)).filter((name) => name.endsWith(".yml"));

interface Suite {
  evaluation_interval?: string;
  tests: {
    name: string;
    interval: string;
    input_series: { series: string }[];
    alert_rule_test?: { eval_time: string }[];
    promql_expr_test?: { eval_time: string }[];
  }[];
}

/**
 * 1 when Firebreak's and Sloth's recordings of an SLO's error ratio over a window agree, or when
 * Firebreak records nothing there (no traffic); no sample (a failure) when only one of them has one.
 */
const ratioAgrees = (slo: string, window: string) =>
  `(abs(max(slo:sli_error:ratio_rate${window}{slo="${slo}"}) - max(slo:sli_error:ratio_rate${window}{sloth_slo="${slo}"})) <bool 1e-9)` +
  ` or on() (vector(1) unless on() slo:sli_error:ratio_rate${window}{slo="${slo}"})`;

/** 1 when Sloth's page (ticket) alert is active exactly when Firebreak's is, pending or firing. */
const alertAgrees = (slo: string, severity: "page" | "ticket") =>
  `(count(ALERTS{alertname="${burnAlertName(slo, severity, REAL)}"}) or on() vector(0))` +
  ` ==bool (count(ALERTS{alertname="${slothAlertName(slo)}", sloth_severity="${severity}"}) or on() vector(0))`;

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { timeout: 600_000 });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("the SLOs in Sloth's format", () => {
  it("When Sloth validates the generated specs, then every one is valid and names every SLO", () => {
    expect(slothSpecs().length).toBeGreaterThanOrEqual(3);
    const result = spawnSync(sloth(), ["validate", "-i", join(REPO_ROOT, SLOTH_DIR)], { encoding: "utf8" });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    const named = slothSpecs().flatMap(
      (file) => (parse(readFileSync(join(REPO_ROOT, SLOTH_DIR, file), "utf8")) as { slos: { name: string }[] }).slos,
    );
    expect(named.map((slo) => slo.name).sort()).toEqual(
      loadSpecs(SLO_DIR)
        .map((slo) => slo.name)
        .sort(),
    );
  });

  it("When Sloth's rules and Firebreak's see the promtool suites' series, then every ratio and every alert agrees", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sloth-"));
    const ruleFiles = [join(REPO_ROOT, RULES_FILE)];
    for (const file of slothSpecs()) {
      const out = join(dir, file);
      const generated = spawnSync(sloth(), ["generate", "-i", join(REPO_ROOT, SLOTH_DIR, file), "-o", out], {
        encoding: "utf8",
      });
      expect(generated.status, `${generated.stdout}${generated.stderr}`).toBe(0);
      ruleFiles.push(out);
    }
    const slos = loadSpecs(SLO_DIR);
    // The SLOs a case's series feed: the others have nothing to compare there.
    const fedBy = (series: { series: string }[]) =>
      slos.filter((slo) => series.some(({ series: name }) => slo.sli.total.includes(name.split("{")[0]!)));
    const suites = readdirSync(SUITES_DIR).filter((name) => name.endsWith(".test.yml"));
    const results = await Promise.all(
      suites.map(async (suite) => {
        const { evaluation_interval = "1m", tests } = parse(readFileSync(join(SUITES_DIR, suite), "utf8")) as Suite;
        const compared = tests.map((test) => {
          const times = [...(test.alert_rule_test ?? []), ...(test.promql_expr_test ?? [])].map((t) => t.eval_time);
          const checks = [...new Set(times)].flatMap((eval_time) =>
            fedBy(test.input_series).flatMap((slo) => [
              ...[...WINDOWS, slo.window].map((window) => ({ expr: ratioAgrees(slo.name, window), eval_time })),
              ...(["page", "ticket"] as const).map((severity) => ({
                expr: alertAgrees(slo.name, severity),
                eval_time,
              })),
            ]),
          );
          return {
            name: `Sloth agrees: ${test.name}`,
            interval: test.interval,
            input_series: test.input_series,
            promql_expr_test: checks.map((check) => ({ ...check, exp_samples: [{ labels: "{}", value: 1 }] })),
          };
        });
        const file = join(dir, suite);
        writeFileSync(file, stringify({ rule_files: ruleFiles, evaluation_interval, tests: compared }));
        return {
          suite,
          checks: compared.reduce((n, t) => n + t.promql_expr_test.length, 0),
          ...(await run("promtool", ["test", "rules", file])),
        };
      }),
    );
    rmSync(dir, { recursive: true, force: true });
    for (const result of results) expect(result.code, `${result.suite}\n${result.output}`).toBe(0);
    expect(results.reduce((n, r) => n + r.checks, 0)).toBeGreaterThan(200);
  }, 600_000);
});
