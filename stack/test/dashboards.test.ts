import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lokiQuery, promRange, tempoSearch } from "../src/clients/backends.js";
import { renderDashboards } from "../src/generate/dashboards/render.js";
import { goBinary } from "../src/native/env.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { placeOrders } from "./orders-traffic.js";
import { eventually, firebreak } from "./helpers.js";

interface Target {
  expr?: string;
  query?: string;
  datasource: { type: string };
}
interface Panel {
  title: string;
  targets: Target[];
}

const dashboards = renderDashboards().filter(([path]) => path.endsWith(".json"));
const panelsOf = (text: string) => (JSON.parse(text) as { panels: Panel[] }).panels;

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
    for (const [path, text] of dashboards) {
      for (const panel of panelsOf(text)) {
        for (const target of panel.targets) {
          const where = `${path} / ${panel.title}`;
          const answered = await eventually(
            () => answers(target),
            45_000,
            `data for ${where}: ${target.expr ?? target.query}`,
          ).catch(() => false);
          if (!answered) empty.push(`${where}: ${target.expr ?? target.query}`);
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

async function answers(target: Target): Promise<true | undefined> {
  const query = expand(target.expr ?? target.query ?? "");
  const found =
    target.datasource.type === "prometheus"
      ? (await promRange(query, 900)).length
      : target.datasource.type === "loki"
        ? (await lokiQuery(query, 900, 5)).length
        : (await tempoSearch(query, 900)).length;
  return found > 0 ? true : undefined;
}
