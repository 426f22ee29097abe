import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { loadExperiment, parseExperiment } from "../src/chaos/experiment.js";
import { LINKS, linksOf, proxyName } from "../src/chaos/links.js";
import { renderExperimentCatalog, renderExperimentSchema } from "../src/chaos/schema.js";
import { experimentFiles } from "../src/chaos/catalog.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { PROXY_PORTS } from "../src/native/ports.js";
import { UsageError } from "../src/util/usage.js";
import { groupsReading } from "../src/chaos/poison.js";

const VALID = readFileSync(join(REPO_ROOT, "chaos", "experiments", "postgres-down.yaml"), "utf8");

/** The valid experiment with one field replaced (a YAML path of keys and indices). */
function withField(path: (string | number)[], value: unknown): string {
  const document = parse(VALID) as Record<string, unknown>;
  let target = document as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  if (value === undefined) delete target[path.at(-1)!];
  else target[path.at(-1)!] = value;
  return JSON.stringify(document);
}

function errorOf(text: string): string {
  try {
    parseExperiment(text, "bad.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("the experiment was accepted");
}

const panels = readdirSync(join(REPO_ROOT, "observability", "grafana", "dashboards"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => JSON.parse(readFileSync(join(REPO_ROOT, "observability", "grafana", "dashboards", file), "utf8")))
  .map((d: { title: string; panels: { title: string }[] }) => ({
    dashboard: d.title.replace(/^Firebreak \/ /, ""),
    titles: d.panels.map((p) => p.title),
  }));

describe("chaos experiments: the format", () => {
  it.each([
    [["method", 0, "disable", "links", 0], "ordersToMysql", "method[0].disable.links[0]"],
    [
      ["method", 0],
      { toxic: { link: "ordersToPostgres", type: "latency", attributes: { delay: 5 }, for: "5s" } },
      "method[0].toxic.attributes.delay",
    ],
    [["method", 0], { toxic: { link: "ordersToPostgres", type: "lag", for: "5s" } }, "method[0].toxic.type"],
    [["method", 0], { process: { name: "orders", action: "stop" } }, "method[0].process.for"],
    [["method", 0], { process: { name: "ordres", action: "kill" } }, "method[0].process.name"],
    [["method", 0], { poison: { topic: "orders" } }, "method[0].poison.topic"],
    [["method", 0], { poison: { topic: "order", count: 0 } }, "method[0].poison.count"],
    [["method", 0], { rewind: { group: "analytics", by: "2m" } }, "method[0].rewind.group"],
    [["method", 0], { rewind: { group: "inventory", by: "two minutes" } }, "method[0].rewind.by"],
    [["method", 0], { slotLost: { service: "analytics", for: "2m" } }, "method[0].slotLost.service"],
    [["method", 0], { clockSkew: { process: "orders", seconds: -25, for: "1m" } }, "method[0].clockSkew.process"],
    [["method", 0], { clockSkew: { process: "gateway", seconds: 0, for: "1m" } }, "method[0].clockSkew.seconds"],
    [["steadyState", "window"], "twenty seconds", "steadyState.window"],
    [["steadyState", "sli", "placement_error_rate"], { max: 0.1 }, "steadyState.sli.placement_error_rate"],
    [["story"], undefined, "story"],
    [["expect", "recovery"], undefined, "expect.recovery"],
    [["load", "profile"], "huge", "load.profile"],
    [["surprise"], true, "surprise"],
  ])("When %j is %j, then the error names %s", (path, value, field) => {
    const message = errorOf(withField(path as (string | number)[], value));
    expect(message).toContain(`bad.yaml: ${field}`);
  });

  it("When a file is not YAML, then the error says so and names the file", () => {
    expect(errorOf("title: [unclosed")).toMatch(/^bad\.yaml: not YAML/);
  });

  it("When the committed JSON Schema and catalogue are compared with their sources, then they are current", () => {
    const generated = [...renderExperimentSchema(), ...renderExperimentCatalog(experimentFiles().map(loadExperiment))];
    for (const [target, text] of generated) {
      expect(readFileSync(join(REPO_ROOT, target), "utf8"), `${target} is stale: run npm run generate`).toBe(text);
    }
  });
});

describe("chaos experiments: the suite", () => {
  const files = experimentFiles();
  const schema = JSON.parse([...renderExperimentSchema().values()][0]!);
  const validate = new Ajv2020({ strict: false }).compile(schema);

  it("When the suite is listed, then it has at least 12 experiments covering the issue's faults", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files.map((file) => [file.replace(/^.*\//, ""), file]))(
    "When %s is read, then both schemas accept it and everything its story names exists",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
      const experiment = parseExperiment(text, file);
      if (experiment.story.runbook) {
        expect(readdirSync(join(REPO_ROOT, "observability", "runbooks"))).toContain(experiment.story.runbook);
      }
      const named = [...experiment.story.watch.replace(/\s+/g, " ").matchAll(/"([^"]+)" → "([^"]+)"/g)];
      expect(named.length, "the story names at least one dashboard panel").toBeGreaterThan(0);
      for (const [, dashboard, panel] of named) {
        expect(panels.find((d) => d.dashboard === dashboard)?.titles, `dashboard ${dashboard}`).toContain(panel);
      }
    },
  );
});

describe("chaos links", () => {
  it("When the links are listed, then each has its own proxy port and a unique proxy name", () => {
    expect(LINKS.map((l) => l.name).sort()).toEqual(Object.keys(PROXY_PORTS).sort());
    expect(new Set(LINKS.map((l) => proxyName(l.name))).size).toBe(LINKS.length);
  });

  it("When inventory is cut off, then its database, its Kafka link and the gateway's route to it go down", () => {
    expect(
      linksOf("inventory")
        .map((l) => l.name)
        .sort(),
    ).toEqual(["gatewayToInventory", "inventoryToKafka", "inventoryToPostgres"]);
  });
});

describe("chaos experiments: a poison step", () => {
  it("When a topic is poisoned, then every group that reads it is expected to dead-letter the records", () => {
    expect(groupsReading("firebreak.order").sort()).toEqual(["analytics", "inventory"]);
    expect(groupsReading("firebreak.inventory").sort()).toEqual(["analytics", "orders", "payments"]);
    expect(groupsReading("firebreak.nothing")).toEqual([]);
  });
});
