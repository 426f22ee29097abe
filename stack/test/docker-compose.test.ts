import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Ajv2020 } from "ajv/dist/2020.js";
import { COMPONENTS, COMPOSE_SPEC_MODULE } from "../src/native/manifest.js";
import { REPO_ROOT, cachePaths } from "../src/native/paths.js";
import { PORTS, PROXY_PORTS } from "../src/native/ports.js";
import { PROCESSES_OF, SERVICE_PROCESSES } from "../src/native/supervisor.js";
import { COMPOSE_TOXIPROXY_CONFIG, renderComposeConfigs } from "../src/generate/compose-configs.js";
import { LINKS, proxyName, type ToxiproxyProxyConfig } from "../src/chaos/links.js";
import { downloadModule } from "../src/provision/go.js";

interface ComposeService {
  image: string;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: (string | { type: string; source: string })[];
  environment?: Record<string, string>;
}
// Compose resolves YAML merge keys (<<) before it validates, and so does this parse.
const compose = parse(readFileSync(join(REPO_ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;

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
      ...Object.fromEntries(Object.entries(SERVICE_PORTS).map(([name, port]) => [name, [port]])),
    };
    for (const [name, ports] of Object.entries(expected)) {
      expect(publishedPorts(services[name]!), name).toEqual(expect.arrayContaining(ports));
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
});
