import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { lokiQuery, promRange, tempoSearch } from "../../src/clients/backends.js";
import { DASHBOARDS } from "../../src/generate/dashboards/catalog.js";
import { renderDashboards } from "../../src/generate/dashboards/render.js";
import type { Panel as SourcePanel } from "../../src/generate/dashboards/model.js";
import { goBinary, persesBinDir, persesPlugins } from "../../src/native/env.js";
import { REPO_ROOT } from "../../src/native/paths.js";
import { placeOrders } from "../orders-traffic.js";
import { eventually, firebreak } from "../helpers.js";

interface Panel {
  title: string;
  targets: { expr?: string; query?: string }[];
}
interface PersesDashboard {
  metadata: { name: string };
  spec: {
    display: { name: string };
    panels: Record<
      string,
      { spec: { display: { name: string }; queries: { spec: { plugin: { spec: { query: string } } } }[] } }
    >;
  };
}

/** percli writes its list of loaded plugins into the plugin folder, so it lints against a copy. */
let pluginsCopy: string | undefined;
function lintablePlugins(): string {
  pluginsCopy ??= join(mkdtempSync(join(tmpdir(), "perses-plugins-")), "plugins");
  if (!existsSync(pluginsCopy)) cpSync(persesPlugins(), pluginsCopy, { recursive: true });
  return pluginsCopy;
}

const dashboards = renderDashboards().filter(([path]) => path.endsWith(".json"));
const persesDashboards = renderDashboards().filter(([path]) => path.endsWith(".yaml"));
const panelsOf = (text: string) => (JSON.parse(text) as { panels: Panel[] }).panels;

/** Each panel's title with its queries, as Grafana's JSON and Perses's YAML carry them. */
const grafanaQueries = (text: string) =>
  panelsOf(text).map((panel) => [panel.title, panel.targets.map((t) => t.expr ?? t.query)]);
const persesQueries = (text: string) =>
  Object.values((parse(text) as PersesDashboard).spec.panels).map((panel) => [
    panel.spec.display.name,
    panel.spec.queries.map((q) => q.spec.plugin.spec.query),
  ]);

/** What Grafana would send: every variable at "All" and the interval macros at a minute. */
const expand = (query: string) =>
  query
    .replaceAll("$job", ".+")
    .replaceAll("$instance", ".+")
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__auto", "1m");

describe("dashboards as code", () => {
  it("When the dashboards are generated, then the committed JSON and lint config are current", () => {
    for (const [target, text] of renderDashboards()) {
      expect(readFileSync(join(REPO_ROOT, target), "utf8"), `${target} is stale: run npm run generate`).toBe(text);
    }
  });

  it("When a runbook points at a dashboard panel, then that dashboard and panel exist", () => {
    const titles = new Map(dashboards.map(([, text]) => [JSON.parse(text).title as string, panelsOf(text)]));
    const runbooks = readdirSync(join(REPO_ROOT, "observability", "runbooks"));
    let checked = 0;
    for (const file of runbooks) {
      const line = readFileSync(join(REPO_ROOT, "observability", "runbooks", file), "utf8")
        .split("\n")
        .find((text) => text.startsWith("- Dashboards:"));
      if (!line) continue;
      // "*Dashboard title* → *Panel* and *Panel*; then *Dashboard* → *Panel*"
      for (const part of line.split(/;/)) {
        const names = [...part.matchAll(/\*([^*]+)\*/g)].map((match) => match[1]!);
        const [dashboard, ...panels] = names;
        if (!dashboard?.startsWith("Firebreak / ")) continue;
        expect(titles.has(dashboard), `${file}: no dashboard '${dashboard}'`).toBe(true);
        for (const panel of panels.filter((name) => !name.startsWith("Firebreak / "))) {
          expect(
            titles.get(dashboard)!.map((p) => p.title),
            `${file}: '${dashboard}' has no panel '${panel}'`,
          ).toContain(panel);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("When a dashboard is rendered for Grafana and for Perses, then both have the same panels with the same queries", () => {
    expect(persesDashboards).toHaveLength(dashboards.length);
    for (const [path, text] of dashboards) {
      const uid = (JSON.parse(text) as { uid: string }).uid;
      const perses = persesDashboards.find(([target]) => target.endsWith(`/${uid}.yaml`));
      expect(perses, `no Perses dashboard for ${path}`).toBeDefined();
      expect(persesQueries(perses![1]), uid).toEqual(grafanaQueries(text));
    }
  });

  it("When the error budget left is shown, then both outputs colour it red below 0, orange under 25% and green above", () => {
    const grafana = panelsOf(dashboards.find(([path]) => path.endsWith("firebreak-slo-overview.json"))![1]).find(
      (panel) => panel.title === "Error budget remaining",
    ) as Panel & { fieldConfig: { defaults: { thresholds: { steps: { value: number | null; color: string }[] } } } };
    expect(grafana.fieldConfig.defaults.thresholds.steps).toEqual([
      { value: null, color: "red" },
      { value: 0, color: "orange" },
      { value: 0.25, color: "green" },
    ]);
    const perses = parse(persesDashboards.find(([path]) => path.endsWith("firebreak-slo-overview.yaml"))![1]) as {
      spec: { panels: Record<string, { spec: { plugin: { spec: { thresholds?: unknown } } } }> };
    };
    expect(perses.spec.panels.error_budget_remaining!.spec.plugin.spec.thresholds).toEqual({
      mode: "absolute",
      defaultColor: "#d32f2f",
      steps: [
        { value: 0, color: "#f57c00" },
        { value: 0.25, color: "#388e3c" },
      ],
    });
  });

  it.each(persesDashboards.map(([path]) => path))(
    "When %s is linted with Perses's own percli and the plugins' schemas, then it is valid",
    (path) => {
      const result = spawnSync(
        join(persesBinDir(), "percli"),
        ["lint", "-f", join(REPO_ROOT, path), "--plugin.path", lintablePlugins()],
        { encoding: "utf8" },
      );
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    },
  );

  it("When a Perses panel names a spec field its plugin's schema lacks, then percli lint refuses it", () => {
    const [path, text] = persesDashboards[0]!;
    const broken = join(mkdtempSync(join(tmpdir(), "perses-lint-")), "broken.yaml");
    writeFileSync(broken, text.replace("legend:", "legendd:"));
    const result = spawnSync(
      join(persesBinDir(), "percli"),
      ["lint", "-f", broken, "--plugin.path", lintablePlugins()],
      {
        encoding: "utf8",
      },
    );
    expect(result.status, `${path} with a misspelt field passed`).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain("legendd");
  });

  it.each(dashboards)("When %s is linted, then Grafana's dashboard-linter finds nothing in strict mode", (path) => {
    const result = spawnSync(goBinary("dashboard-linter", "dashboard-linter"), ["lint", "--strict", path], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it("When orders have flowed and k6 has run, then every panel query returns data from the live Prometheus, Loki and Tempo", async () => {
    await placeOrders(40);
    runSmokeLoad();
    const empty: string[] = [];
    for (const dashboard of DASHBOARDS) {
      for (const panel of dashboard.panels) {
        for (const query of queriesOf(panel)) {
          const where = `${dashboard.spec.title} / ${panel.title}`;
          const answered = await eventually(
            () => answers(panel.kind, query),
            45_000,
            `data for ${where}: ${query}`,
          ).catch(() => false);
          if (!answered) empty.push(`${where}: ${query}`);
        }
      }
    }
    expect(empty).toEqual([]);
  }, 600_000);
});

/** A short smoke load through the gateway, remote-writing k6's metrics, for the load-test dashboard. */
function runSmokeLoad(): void {
  const result = firebreak("load", "smoke", "--duration", "15");
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
}

const queriesOf = (panel: SourcePanel): string[] =>
  panel.kind === "logs" ? [panel.logql] : panel.kind === "traces" ? [panel.traceql] : panel.series.map((s) => s.expr);

async function answers(kind: SourcePanel["kind"], query: string): Promise<true | undefined> {
  const expanded = expand(query);
  const found =
    kind === "logs"
      ? (await lokiQuery(expanded, 900, 5)).length
      : kind === "traces"
        ? (await tempoSearch(expanded, 900)).length
        : (await promRange(expanded, 900)).length;
  return found > 0 ? true : undefined;
}
