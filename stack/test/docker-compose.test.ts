import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compose, services, type ComposeService } from "./fixtures/compose.js";
import { parse } from "yaml";
import { Ajv2020 } from "ajv/dist/2020.js";
import { COMPONENTS, COMPOSE_SPEC_MODULE, COMPOSE_PROFILES } from "../src/native/manifest.js";
import { REPO_ROOT, cachePaths } from "../src/native/paths.js";
import { PORTS, PROXY_PORTS } from "../src/native/ports.js";
import { PROCESSES_OF, SERVICE_PROCESSES, processesOf } from "../src/native/supervisor.js";
import { COMPOSE_TOXIPROXY_CONFIG, renderComposeConfigs } from "../src/generate/compose-configs.js";
import { LINKS, proxyName, type ToxiproxyProxyConfig } from "../src/chaos/links.js";
import { downloadModule } from "../src/provision/go.js";

interface NativeProcess {
  command: string;
  depends_on?: Record<string, { condition: string }>;
  readiness_probe?: object | null;
}
const nativeProcesses = (
  parse(readFileSync(join(REPO_ROOT, "stack", "process-compose.yaml"), "utf8"), { merge: true }) as {
    processes: Record<string, NativeProcess>;
  }
).processes;

/** Native processes with no compose service of their own, each with why; a dependency on one is one on its stand-in. */
const NO_COUNTERPART: Record<string, { reason: string; standIn?: string }> = {
  "postgres-setup": {
    reason: "the postgres image runs docker/postgres-init.sh (the same setup.sql) when its volume is new",
    standIn: "postgres",
  },
  "kafka-format": { reason: "the apache/kafka image formats its KRaft storage itself at start", standIn: "kafka" },
  perses: { reason: "the same dashboards are Grafana's in compose (one source, two outputs)" },
};
/** Compose services with no native process: the one-shots that do what `firebreak up` does itself, and Grafana. */
const COMPOSE_ONLY = new Set(["secrets", "jmx-agent", "prepare-pipeline", "grafana"]);
/** Native processes with a readiness probe whose compose image has nothing to run one with. */
const NO_HEALTHCHECK: Record<string, string> = {
  otelcol: "the Collector image has no shell and no HTTP client; dependants wait for it to start",
  "redis-exporter": "redis_exporter's image is FROM scratch; dependants (none) would wait for it to start",
};

/** Host ports a service publishes, with ranges expanded. */
function publishedPorts(service: ComposeService): number[] {
  return (service.ports ?? []).flatMap((mapping) => {
    const [, hostPart] = /^(?:[\d.]+:)?([\d-]+):/.exec(mapping) ?? [];
    const [from, to] = (hostPart ?? "").split("-").map(Number);
    return Array.from({ length: (to ?? from!) - from! + 1 }, (_, i) => from! + i);
  });
}

/** The native port of each service of the system under test. */
const SERVICE_PORTS: Record<string, number> = {
  "payment-provider": PORTS.paymentProvider,
  orders: PORTS.orders,
  inventory: PORTS.inventory,
  payments: PORTS.payments,
  analytics: PORTS.analytics,
  gateway: PORTS.gateway,
};

/** Environment variables that hold the address of something a service of the system under test dials. */
const DEPENDENCY_VARIABLES = [
  "DATABASE_URL",
  "MIGRATION_DATABASE_URL",
  "REDIS_URL",
  "KAFKA_BROKERS",
  "CLICKHOUSE_URL",
  "CLICKHOUSE_READER_URL",
  "PSP_URL",
  "ORDERS_URL",
  "INVENTORY_URL",
  "PAYMENTS_URL",
  "ANALYTICS_URL",
];

/** host:port of an address given as a URL (with or without credentials) or as host:port. */
function hostPort(address: string): string {
  return /^(?:[a-z]+:\/\/)?(?:[^@/]*@)?([^/?]+)/.exec(address)![1]!;
}

describe("docker-compose.yml", () => {
  it("When validated against the Compose specification's JSON schema, then it conforms", async () => {
    const dir = await downloadModule(COMPOSE_SPEC_MODULE, join(cachePaths().logs, "compose-spec.log"));
    const schema = JSON.parse(readFileSync(join(dir, "schema", "compose-spec.json"), "utf8")) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const valid = ajv.validate(schema, compose);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it("When the native stack runs a component, then compose has a service of the same name", () => {
    // The same dashboards are Perses's natively and Grafana's in compose (one source, two outputs).
    const dashboardsOnly = new Set(["perses"]);
    for (const component of COMPONENTS) {
      if (PROCESSES_OF[component.name] && !dashboardsOnly.has(component.name)) {
        expect(Object.keys(services), component.name).toContain(component.name);
      }
    }
    expect(Object.keys(services)).toContain("grafana");
  });

  it("When an image is named, then it is pinned to a version", () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, name).toMatch(/:[^:]*\d[^:]*$/);
      expect(service.image, name).not.toMatch(/:latest$/);
    }
  });

  it("When a service waits for another to be healthy, then that one has a healthcheck", () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(Object.keys(services), `${name} → ${dependency}`).toContain(dependency);
        if (condition === "service_healthy") expect(services[dependency]!.healthcheck, dependency).toBeDefined();
      }
    }
  });

  it("When a port is published, then it is the native stack's port for that component", () => {
    const expected: Record<string, number[]> = {
      postgres: [PORTS.postgres],
      redis: [PORTS.redis],
      kafka: [PORTS.kafka],
      connect: [PORTS.connect],
      clickhouse: [PORTS.clickhouseHttp, PORTS.clickhouseNative],
      prometheus: [PORTS.prometheus],
      alertmanager: [PORTS.alertmanager],
      tempo: [PORTS.tempo],
      loki: [PORTS.loki],
      otelcol: [PORTS.otelcolGrpc, PORTS.otelcolHttp, PORTS.otelcolHealth],
      toxiproxy: [PORTS.toxiproxy, ...Object.values(PROXY_PORTS)],
      "alert-recorder": [PORTS.alertRecorder],
      grafana: [3000],
      ...Object.fromEntries(Object.entries(SERVICE_PORTS).map(([name, port]) => [name, [port]])),
    };
    for (const [name, ports] of Object.entries(expected)) {
      expect(publishedPorts(services[name]!), name).toEqual(expect.arrayContaining(ports));
    }
    // …and nothing else: a port published by mistake, or drifted from ports.ts, fails here. Toxiproxy
    // publishes the whole range reserved for proxy ports.
    const proxyPorts = Object.values(PROXY_PORTS);
    const reserved = (port: number) => port >= Math.min(...proxyPorts) && port <= Math.max(...proxyPorts);
    for (const [name, service] of Object.entries(services)) {
      for (const port of publishedPorts(service)) {
        if (name === "toxiproxy" && reserved(port)) continue;
        expect(expected[name] ?? [], `${name} publishes ${port}`).toContain(port);
      }
    }
  });

  it("When the native templates change, then the compose configs are regenerated (npm run generate)", () => {
    for (const [target, text] of renderComposeConfigs()) {
      expect(readFileSync(join(REPO_ROOT, target), "utf8"), `${target} is stale: run npm run generate`).toBe(text);
    }
  });

  it("When a service mounts a file from the repository, then the file exists", () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        // Long syntax mounts the stack's state (made by firebreak on the host), not the repository.
        if (typeof volume !== "string" || !volume.startsWith("./")) continue;
        expect(existsSync(join(REPO_ROOT, volume.split(":")[0]!)), `${name}: ${volume}`).toBe(true);
      }
    }
  });

  it("When a service of the system under test is defined, then it is ready on /readyz and waits for the proxies it dials", () => {
    for (const name of SERVICE_PROCESSES) {
      const service = services[name];
      expect(service, name).toBeDefined();
      expect(service!.healthcheck?.test.join(" "), name).toContain("/readyz");
      expect(service!.environment?.PORT, name).toBe(String(SERVICE_PORTS[name]));
      if (LINKS.some((link) => link.from === name)) {
        expect(service!.depends_on?.toxiproxy?.condition, name).toBe("service_healthy");
      }
    }
  });

  it("When a service dials a dependency, then it goes through that link's Toxiproxy proxy", () => {
    const proxied = (name: string) =>
      Object.values(services[name]?.environment ?? {}).flatMap((value) =>
        [...String(value).matchAll(/toxiproxy:(\d+)/g)].map((match) => Number(match[1])),
      );
    for (const name of SERVICE_PROCESSES) {
      for (const variable of DEPENDENCY_VARIABLES) {
        const address = services[name]!.environment?.[variable];
        if (address !== undefined) expect(hostPort(address), `${name} ${variable}`).toMatch(/^toxiproxy:\d+$/);
      }
    }
    // Connect's own bootstrap, and its connectors' PostgreSQL address that prepare-pipeline registers.
    const dialling: Record<string, number[]> = { connect: [...proxied("connect"), ...proxied("prepare-pipeline")] };
    for (const name of SERVICE_PROCESSES) dialling[name] = proxied(name);
    for (const link of LINKS) {
      expect(dialling[link.from], `${link.name}: ${link.from} dials toxiproxy:${PROXY_PORTS[link.name]}`).toContain(
        PROXY_PORTS[link.name],
      );
    }
    // …and never another client's proxy, which would put its traffic under that client's faults.
    for (const [name, ports] of Object.entries(dialling)) {
      const own = LINKS.filter((link) => link.from === name).map((link) => PROXY_PORTS[link.name]);
      for (const port of ports) expect(own, `${name} dials toxiproxy:${port}`).toContain(port);
    }
  });

  it("When Toxiproxy starts, then every link has its proxy, listening on its proxy port and forwarding to its component", () => {
    expect(services.toxiproxy!.volumes).toContainEqual(expect.stringMatching(`^./${COMPOSE_TOXIPROXY_CONFIG}:`));
    const proxies = JSON.parse(
      readFileSync(join(REPO_ROOT, COMPOSE_TOXIPROXY_CONFIG), "utf8"),
    ) as ToxiproxyProxyConfig[];
    expect(proxies.map((proxy) => proxy.name).sort()).toEqual(LINKS.map((link) => proxyName(link.name)).sort());
    for (const link of LINKS) {
      const proxy = proxies.find((candidate) => candidate.name === proxyName(link.name))!;
      expect(proxy.listen, link.name).toBe(`0.0.0.0:${PROXY_PORTS[link.name]}`);
      expect(Object.keys(services), link.name).toContain(proxy.upstream.split(":")[0]);
      expect(proxy.upstream.split(":")[0], link.name).toBe(link.to);
    }
  });

  it("When a client reaches Kafka through its proxy, then Kafka listens on that client's port and advertises its proxy", () => {
    const environment = services.kafka!.environment!;
    const listeners = environment.KAFKA_LISTENERS!.split(",");
    const advertised = environment.KAFKA_ADVERTISED_LISTENERS!.split(",");
    for (const link of LINKS.filter((candidate) => candidate.to === "kafka")) {
      const listener = listeners.find((entry) => entry.endsWith(`://:${PORTS[link.upstream.port]}`));
      expect(listener, link.name).toBeDefined();
      const name = listener!.split(":")[0];
      expect(advertised, link.name).toContain(`${name}://toxiproxy:${PROXY_PORTS[link.name]}`);
    }
  });

  it("When the native stack runs a process in a profile, then compose runs its service in that profile", () => {
    for (const profile of COMPOSE_PROFILES) {
      for (const processName of processesOf(profile)) {
        if (NO_COUNTERPART[processName]) continue;
        expect(services[processName]?.profiles, `${processName} in ${profile}`).toContain(profile);
      }
    }
    for (const [name, service] of Object.entries(services)) {
      expect(service.profiles, `${name} has profiles`).toBeDefined();
      for (const profile of service.profiles!) {
        if (!COMPOSE_ONLY.has(name))
          expect(processesOf(profile as "core" | "full"), `${name} in ${profile}`).toContain(name);
      }
      // A service whose dependency's profile is not active could not start.
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(services[dependency]!.profiles, `${name} → ${dependency}`).toEqual(
          expect.arrayContaining(service.profiles!),
        );
      }
    }
    for (const [processName, { reason }] of Object.entries(NO_COUNTERPART)) {
      expect(nativeProcesses[processName], processName).toBeDefined();
      expect(services[processName], `${processName}: ${reason}`).toBeUndefined();
    }
  });

  it("When a native process has a readiness probe, then its compose service has a healthcheck", () => {
    for (const processName of processesOf("full")) {
      if (NO_COUNTERPART[processName] || !nativeProcesses[processName]!.readiness_probe) continue;
      if (NO_HEALTHCHECK[processName]) {
        expect(services[processName]!.healthcheck, `${processName}: ${NO_HEALTHCHECK[processName]}`).toBeUndefined();
      } else {
        expect(services[processName]!.healthcheck, processName).toBeDefined();
      }
    }
  });

  it("When a native process depends on another, then its compose service depends on that one's service", () => {
    for (const processName of processesOf("full")) {
      if (NO_COUNTERPART[processName]) continue;
      for (const [dependency, { condition }] of Object.entries(nativeProcesses[processName]!.depends_on ?? {})) {
        const service = NO_COUNTERPART[dependency]?.standIn ?? dependency;
        if (service === processName) continue;
        const composed = services[processName]!.depends_on?.[service];
        expect(composed, `${processName} → ${service}`).toBeDefined();
        const healthy = condition !== "process_started" && services[service]!.healthcheck !== undefined;
        if (healthy) expect(composed!.condition, `${processName} → ${service}`).toBe("service_healthy");
      }
    }
  });

  it("When Alertmanager sends an alert, then its receivers post to the alert recorder's service, which runs as natively", () => {
    const recorder = services["alert-recorder"]!;
    const native = nativeProcesses["alert-recorder"]!.command.replace(/^exec \$\{FB_NODE\} /, "");
    expect(recorder.command!.slice(1).join(" ")).toBe(native);
    expect(recorder.environment?.FIREBREAK_ALERT_RECORDER_BIND).toBe("0.0.0.0");
    const config = parse(readFileSync(join(REPO_ROOT, "docker/conf/alertmanager/alertmanager.yml"), "utf8")) as {
      receivers: { name: string; webhook_configs: { url: string }[] }[];
    };
    expect(config.receivers.length).toBeGreaterThan(0);
    for (const receiver of config.receivers) {
      for (const webhook of receiver.webhook_configs) {
        expect(webhook.url, receiver.name).toBe(`http://alert-recorder:${PORTS.alertRecorder}/alerts`);
      }
    }
  });

  it("When Grafana is opened, then the visitor is an anonymous Admin and there is no login form", () => {
    const environment = services.grafana!.environment!;
    expect(environment.GF_AUTH_ANONYMOUS_ENABLED).toBe("true");
    expect(environment.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe("Admin");
    expect(environment.GF_AUTH_DISABLE_LOGIN_FORM).toBe("true");
    expect(services.grafana!.ports).toEqual(["127.0.0.1:3000:3000"]);
  });

  it("When Kafka and Connect start, then they load the JMX exporter agent of the native version with the native rules", () => {
    const pom = readFileSync(join(REPO_ROOT, "cdc/connect/pom.xml"), "utf8");
    const version = /<jmx-exporter\.version>([^<]+)</.exec(pom)![1]!;
    expect(services["jmx-agent"]!.environment?.JMX_EXPORTER_VERSION).toBe(version);
    const prometheus = readFileSync(join(REPO_ROOT, "docker/conf/prometheus/prometheus.yml"), "utf8");
    for (const [name, port] of [
      ["kafka", PORTS.kafkaMetrics],
      ["connect", PORTS.connectMetrics],
    ] as const) {
      expect(nativeProcesses[name]!.command, name).toContain("-javaagent:${FB_JMX_AGENT}");
      const service = services[name]!;
      const agent = /-javaagent:(\S+?)=(?:[\d.]+:)?(\d+):(\S+)/.exec(service.environment?.KAFKA_OPTS ?? "");
      expect(agent, name).not.toBeNull();
      const [, jar, agentPort, rules] = agent!;
      expect(jar, name).toBe(`/opt/jmx/jmx_prometheus_javaagent-${version}.jar`);
      expect(Number(agentPort), name).toBe(port);
      expect(service.volumes, name).toContain("jmx-agent:/opt/jmx:ro");
      // The same rules file the native stack renders into its conf/jmx (stack/src/native/render.ts).
      expect(service.volumes, name).toContain(`./cdc/jmx/jmx-exporter.yaml:${rules}:ro`);
      expect(service.depends_on?.["jmx-agent"]?.condition, name).toBe("service_completed_successfully");
      expect(prometheus, name).toContain(`"${name}:${port}"`);
    }
  });
});
