/**
 * The compose stack's `secrets` one-shot, run before every service that reads a secret: it mints what
 * is missing and keeps what exists, so the stack needs neither host Node nor a hand-written .env.
 * - In FIREBREAK_STATE (the CLI's own layout): secrets.json, the dev JWT key pair and the probe's token,
 *   made by the same modules as `firebreak up`; the alert recorder runs on this directory.
 * - In FIREBREAK_COMPOSE_SECRETS (what other containers mount, read-only, at /run/firebreak): one file per
 *   password variable under env/ (docker/with-secrets.sh reads them), the public key, the probe's token,
 *   the alert recorder's key and the redis exporter's password file.
 * A variable set in .env (passed through as ${NAME:-}) replaces the kept value.
 * Usage: node --import tsx docker/mint-secrets.ts
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackPaths } from "@firebreak/stack/paths";
import { ensureDevKey, ensureProbeToken, jwtKeyPaths, probeTokenFile } from "@firebreak/stack/dev-token";
import { COMPOSE_SECRETS } from "./compose-secrets.js";

type Secrets = Record<string, Record<string, string> | string>;

const secret = () => randomBytes(18).toString("base64url");

const exposed = process.env.FIREBREAK_COMPOSE_SECRETS;
if (!exposed) throw new Error("FIREBREAK_COMPOSE_SECRETS is not set");
const envDir = join(exposed, "env");
const secretsFile = join(stackPaths().state, "secrets.json");

/** Written whole or not at all: a container starting meanwhile never reads half a file. */
function writeAtomically(file: string, text: string, mode: number): void {
  writeFileSync(`${file}.tmp`, text, { mode });
  renameSync(`${file}.tmp`, file);
}

const secrets: Secrets = existsSync(secretsFile) ? (JSON.parse(readFileSync(secretsFile, "utf8")) as Secrets) : {};
const section = (name: string) => (secrets[name] ??= {}) as Record<string, string>;

const values: Record<string, string> = {};
for (const [variable, place] of Object.entries(COMPOSE_SECRETS)) {
  const envFile = join(envDir, variable);
  const kept = place ? section(place[0])[place[1]] : existsSync(envFile) ? readFileSync(envFile, "utf8") : undefined;
  const value = process.env[variable] || kept || secret();
  values[variable] = value;
  if (place) section(place[0])[place[1]] = value;
}
section("apiKeys").alertRecorder ??= secret();
// The compose stack formats its own Kafka cluster; the id is only used by the native stack.
secrets.kafkaClusterId ??= "compose";

mkdirSync(stackPaths().state, { recursive: true });
writeAtomically(secretsFile, `${JSON.stringify(secrets, null, 2)}\n`, 0o600);
ensureDevKey();
await ensureProbeToken();

// The containers that mount these run as users of their own images, so the files are world-readable;
// the volume is the boundary: only this project's containers mount it.
mkdirSync(envDir, { recursive: true, mode: 0o755 });
for (const [variable, value] of Object.entries(values)) writeAtomically(join(envDir, variable), value, 0o644);
writeAtomically(join(exposed, "alert-recorder-key"), section("apiKeys").alertRecorder!, 0o644);
// redis_exporter's image has no shell, and its password file maps each address it scrapes to a password.
writeAtomically(
  join(exposed, "redis-exporter-passwords.json"),
  JSON.stringify({ "redis://redis:6379": values.REDIS_EXPORTER_PASSWORD }),
  0o644,
);
for (const [from, to] of [
  [jwtKeyPaths().publicKey, "jwt-public.pem"],
  [probeTokenFile(), "probe-token"],
] as const) {
  copyFileSync(from, join(exposed, `${to}.tmp`));
  renameSync(join(exposed, `${to}.tmp`), join(exposed, to));
}
process.stdout.write(`secrets ready: ${Object.keys(values).length} passwords, the JWT key pair, the probe's token\n`);
