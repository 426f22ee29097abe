import { loadSecrets, writeCredentialFiles } from "../credentials/secrets.js";
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { stackPaths } from "./paths.js";
import { renderAll } from "./render.js";
import { renderClickhouseUsers } from "../credentials/clickhouse-users.js";
import { renderRedisAcl } from "../credentials/redis-users.js";
import { stackEnv } from "./env.js";
import { run } from "../util/exec.js";
import { step } from "../util/progress.js";
import { servicesEnv } from "./service-env.js";
import { ensureDevKey, writeProbeToken } from "../credentials/dev-token.js";
import { toxiproxyConfig } from "../chaos/links.js";
import { HOST, PORTS, PROXY_PORTS } from "./ports.js";
import { clusterLinks, type KafkaTopology } from "./kafka-cluster.js";
import { renderKafkaCluster } from "./kafka-topology.js";

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

/** PostgreSQL runs as the postgres user when we are root; it must be able to reach its data directory. */
function assertReachableByPostgres(dir: string): void {
  try {
    execFileSync("setpriv", ["--reuid=postgres", "--regid=postgres", "--clear-groups", "--", "test", "-x", dir]);
  } catch {
    throw new Error(
      `${dir} is not reachable by the postgres user; set FIREBREAK_STATE to a directory whose parents are world-searchable`,
    );
  }
}

async function initPostgres(dataDir: string, runDir: string, env: Record<string, string>): Promise<void> {
  const owner = postgresUser();
  mkdirSync(runDir, { recursive: true });
  if (owner) chownSync(runDir, owner.uid, owner.gid);
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  if (owner) {
    chownSync(dataDir, owner.uid, owner.gid);
    assertReachableByPostgres(dataDir);
  }
  const prefix = owner ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", "--"] : [];
  const initdb = [
    `${env.FB_PG_BIN}/initdb`,
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
  ];
  const [command, ...args] = [...prefix, ...initdb] as [string, ...string[]];
  await step("postgres", "initdb", () => run(command, args, { logFile: join(stackPaths().logs, "initdb.log") }));
}

/**
 * Toxiproxy's start-up proxies: each link listens on its proxy port and forwards to the component's
 * own port; the ha profile adds its cluster's links.
 */
function writeToxiproxyConfig(confDir: string, topology: KafkaTopology): void {
  const proxies = [
    ...toxiproxyConfig(
      (link) => `${HOST}:${PROXY_PORTS[link.name]}`,
      (link) => `${HOST}:${PORTS[link.upstream.port]}`,
    ),
    ...clusterLinks(topology).map((link) => ({
      name: link.name,
      listen: `${HOST}:${link.listen}`,
      upstream: `${HOST}:${link.upstream}`,
      enabled: true,
    })),
  ];
  mkdirSync(join(confDir, "toxiproxy"), { recursive: true });
  writeFileSync(join(confDir, "toxiproxy", "proxies.json"), `${JSON.stringify(proxies, null, 2)}\n`);
}

/** Everything the supervisor needs before it starts: directories, secrets, rendered configs, an initialised cluster. */
export async function prepareStack(topology: KafkaTopology): Promise<Record<string, string>> {
  const paths = stackPaths();
  const secrets = loadSecrets();
  const env: Record<string, string> = {
    ...stackEnv(topology),
    ...servicesEnv(),
    FB_KAFKA_CLUSTER_ID: secrets.kafkaClusterId,
  };
  for (const dir of [
    paths.conf,
    paths.logs,
    ...[
      "redis",
      "kafka",
      "clickhouse",
      "prometheus",
      "alertmanager",
      "loki",
      "tempo",
      "perses",
      "perses-plugin-archives",
    ].map((d) => join(paths.data, d)),
  ]) {
    mkdirSync(dir, { recursive: true });
  }
  renderAll(env, paths.conf);
  if (topology === "ha") renderKafkaCluster(env, paths.conf);
  writeToxiproxyConfig(paths.conf, topology);
  ensureDevKey();
  writeCredentialFiles(secrets);
  await writeProbeToken();
  const passwords = Object.entries(secrets.passwords).map(([role, password]) => `\\set ${role}_password '${password}'`);
  writeFileSync(join(paths.conf, "postgres", "passwords.psql"), `${passwords.join("\n")}\n`, { mode: 0o600 });
  mkdirSync(join(paths.conf, "redis"), { recursive: true });
  writeFileSync(join(paths.conf, "redis", "users.acl"), renderRedisAcl(secrets.redisPasswords), { mode: 0o600 });
  mkdirSync(join(paths.conf, "clickhouse"), { recursive: true });
  const clickhouseUsers = renderClickhouseUsers(secrets.clickhousePasswords);
  writeFileSync(join(paths.conf, "clickhouse", "users.xml"), clickhouseUsers, { mode: 0o600 });
  await initPostgres(join(paths.data, "postgres"), env.FB_RUN_DIR!, env);
  return env;
}
