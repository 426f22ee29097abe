import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { COMPONENTS, type GoSource, type PersesSource } from "./manifest.js";
import { linkPort, proxies } from "../chaos/links.js";
import { HOST, HOSTS, PORTS, PROXY_PORTS, type ProxyPortName } from "./ports.js";
import type { KafkaTopology } from "./kafka-cluster.js";
import { kafkaEnv } from "./kafka-cluster-env.js";
import { REPO_ROOT, stackPaths } from "./paths.js";
import { clockSkewDir, libfaketimePath } from "./clock-skew.js";
import { goBinDir } from "../provision/go.js";
import { collectorBinDir, COLLECTOR_BINARY } from "../provision/ocb.js";
import { connectPluginsDir, kafkaLibsDir } from "../provision/maven.js";
import { npmPackageDir } from "../provision/npm.js";
import { persesDir } from "../provision/perses.js";
import { persesPluginsDir } from "../provision/perses-plugins.js";
import { pypiBinary } from "../provision/pypi.js";
import { alertRecorderKeyFile } from "../credentials/secrets.js";
import { probeTokenFile } from "../credentials/dev-token.js";

export function screaming(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

export function goBinary(component: string, binary: string): string {
  const source = COMPONENTS.find((c) => c.name === component)?.source as GoSource;
  return join(goBinDir(component, source), binary);
}

function collectorBinary(): string {
  const source = COMPONENTS.find((c) => c.name === "otelcol")!.source;
  if (source.kind !== "ocb") throw new Error("otelcol must be built with ocb");
  return join(collectorBinDir(source), COLLECTOR_BINARY);
}

/** The services' Node.js, provisioned by Firebreak; the machine's own node runs only the CLI. */
export function nodeBinary(): string {
  const source = COMPONENTS.find((c) => c.name === "node")!.source;
  if (source.kind !== "npm") throw new Error("node must come from the npm registry");
  return join(npmPackageDir("node", source), source.binary);
}

function persesSource(): PersesSource {
  const source = COMPONENTS.find((c) => c.name === "perses")!.source;
  if (source.kind !== "perses") throw new Error("perses must be built by its own recipe");
  return source;
}

/** Where perses and percli are. */
export const persesBinDir = () => persesDir(persesSource());

/** The folder Perses loads its plugins from. */
export const persesPlugins = () => persesPluginsDir(persesSource());

/** A tool installed from PyPI into its own venv (Schemathesis). */
export function pythonToolBinary(component: string): string {
  const source = COMPONENTS.find((c) => c.name === component)!.source;
  if (source.kind !== "pypi") throw new Error(`${component} must come from PyPI`);
  return pypiBinary(component, source);
}

/** The JMX exporter agent, resolved into the Kafka libs with the broker (its version is in the runtime POM). */
function jmxAgentJar(): string {
  const libs = kafkaLibsDir();
  const jar = existsSync(libs)
    ? readdirSync(libs).find((file) => file.startsWith("jmx_prometheus_javaagent-"))
    : undefined;
  return join(libs, jar ?? "jmx_prometheus_javaagent.jar");
}

/** PostgreSQL refuses to run as root, so a root user runs it as the Debian postgres user. */
function runAsPostgres(): string {
  return process.getuid?.() === 0 ? "setpriv --reuid=postgres --regid=postgres --clear-groups --" : "";
}

/**
 * The values that configs and the supervisor file are rendered with, as FB_* variables:
 * FB_PORT_<NAME> and FB_PROXY_PORT_<NAME> for every port, FB_*_DIR for paths, FB_BIN_* for binaries,
 * FB_NODE for the Node.js the services run on.
 */
export function stackEnv(topology: KafkaTopology = "single"): Record<string, string> {
  const paths = stackPaths();
  const env: Record<string, string> = {
    FB_HOST: HOST,
    FB_BIND_HOST: HOST,
    FB_RULES_DIR: join(REPO_ROOT, "observability", "prometheus", "rules"),
    FB_DRILL_RULES_DIR: join(REPO_ROOT, "observability", "prometheus", "drill"),
    FB_REPO: REPO_ROOT,
    FB_STATE_DIR: paths.state,
    FB_CONF_DIR: paths.conf,
    FB_DATA_DIR: paths.data,
    FB_LOG_DIR: paths.logs,
    FB_RUN_DIR: join(paths.state, "run"),
    FB_ALERT_RECORDER_KEY_FILE: alertRecorderKeyFile(),
    FB_PROBE_TOKEN_FILE: probeTokenFile(),
    FB_PG_BIN: "/usr/lib/postgresql/15/bin",
    FB_RUN_AS_POSTGRES: runAsPostgres(),
    // The OS user that may connect as PostgreSQL's superuser over the socket (pg_ident.conf).
    FB_OS_USER: userInfo().username,
    FB_KAFKA_LIBS: kafkaLibsDir(),
    FB_CONNECT_PLUGINS: connectPluginsDir(),
    FB_JMX_AGENT: jmxAgentJar(),
    FB_BIN_OTELCOL: collectorBinary(),
    FB_BIN_LOKI: goBinary("loki", "loki"),
    FB_BIN_TEMPO: goBinary("tempo", "tempo"),
    FB_BIN_TOXIPROXY: goBinary("toxiproxy", "toxiproxy-server"),
    FB_BIN_K6: goBinary("k6", "k6"),
    FB_BIN_PERSES: join(persesBinDir(), "perses"),
    FB_PERSES_PLUGINS: persesPlugins(),
    FB_BIN_PROCESS_COMPOSE: goBinary("process-compose", "process-compose"),
    FB_NODE: nodeBinary(),
    FB_LIBFAKETIME: libfaketimePath(),
    FB_CLOCK_SKEW_DIR: clockSkewDir(),
  };
  for (const host of HOSTS) env[`FB_HOST_${screaming(host)}`] = HOST;
  for (const [name, port] of Object.entries(PORTS)) env[`FB_PORT_${screaming(name)}`] = String(port);
  // Every proxied address in the configs is FB_PROXY_PORT_*: bypassing the proxies is this one mapping.
  for (const name of Object.keys(PROXY_PORTS) as ProxyPortName[]) {
    env[`FB_PROXY_PORT_${screaming(name)}`] = String(linkPort(name, proxies()));
  }
  return { ...env, ...kafkaEnv(topology) };
}
