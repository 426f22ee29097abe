import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Ajv2020 } from "ajv/dist/2020.js";
import { COMPONENTS, COMPOSE_SPEC_MODULE } from "../src/manifest.js";
import { REPO_ROOT, cachePaths } from "../src/paths.js";
import { PORTS, PROXY_PORTS } from "../src/ports.js";
import { PROCESSES_OF } from "../src/supervisor.js";
import { renderComposeConfigs } from "../src/compose-configs.js";
import { downloadModule } from "../src/provision/go.js";

interface ComposeService {
  image: string;
  ports?: string[];
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
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
    for (const component of COMPONENTS) {
      if (PROCESSES_OF[component.name]) expect(Object.keys(services), component.name).toContain(component.name);
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
        if (!volume.startsWith("./")) continue;
        expect(existsSync(join(REPO_ROOT, volume.split(":")[0]!)), `${name}: ${volume}`).toBe(true);
      }
    }
  });
});
