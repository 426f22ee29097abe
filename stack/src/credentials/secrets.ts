import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackPaths } from "../native/paths.js";
import { REDIS_USERS } from "./redis-users.js";
import { CLICKHOUSE_USERS } from "./clickhouse-users.js";

/** Each service has a runtime role (its name) and an owner that runs its migrations (stack/conf/postgres/setup.sql). */
const SERVICE_ROLES = [
  "orders",
  "inventory",
  "payments",
  "orders_owner",
  "inventory_owner",
  "payments_owner",
  "debezium",
  "monitor",
] as const;
/** Credentials of systems that call each other: payments' merchant key at the PSP, Alertmanager's at the recorder. */
const API_KEYS = ["psp", "alertRecorder"] as const;

export interface StackSecrets {
  kafkaClusterId: string;
  passwords: Record<(typeof SERVICE_ROLES)[number], string>;
  apiKeys: Record<(typeof API_KEYS)[number], string>;
  redisPasswords: Record<(typeof REDIS_USERS)[number], string>;
  clickhousePasswords: Record<(typeof CLICKHOUSE_USERS)[number], string>;
}

const secret = () => randomBytes(18).toString("base64url");

/** 16 random bytes in URL-safe base64, like Kafka's own ids; never with a leading '-', which a CLI would read as a flag. */
export function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/** Generated once per stack and kept beside its data, never in the repository. */
export function loadSecrets(): StackSecrets {
  const file = join(stackPaths().state, "secrets.json");
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StackSecrets) : undefined;
  // A role or key added since the stack was created gets its secret now; existing ones are kept.
  const complete = (secrets: StackSecrets) =>
    SERVICE_ROLES.every((role) => role in secrets.passwords) &&
    API_KEYS.every((key) => key in (secrets.apiKeys ?? {})) &&
    REDIS_USERS.every((user) => user in (secrets.redisPasswords ?? {})) &&
    CLICKHOUSE_USERS.every((user) => user in (secrets.clickhousePasswords ?? {}));
  if (existing && complete(existing)) return existing;
  const secrets: StackSecrets = {
    kafkaClusterId: existing?.kafkaClusterId ?? kafkaClusterId(),
    passwords: Object.fromEntries(
      SERVICE_ROLES.map((role) => [role, existing?.passwords[role] ?? secret()]),
    ) as StackSecrets["passwords"],
    apiKeys: Object.fromEntries(
      API_KEYS.map((key) => [key, existing?.apiKeys?.[key] ?? secret()]),
    ) as StackSecrets["apiKeys"],
    redisPasswords: Object.fromEntries(
      REDIS_USERS.map((user) => [user, existing?.redisPasswords?.[user] ?? secret()]),
    ) as StackSecrets["redisPasswords"],
    clickhousePasswords: Object.fromEntries(
      CLICKHOUSE_USERS.map((user) => [user, existing?.clickhousePasswords?.[user] ?? secret()]),
    ) as StackSecrets["clickhousePasswords"],
  };
  mkdirSync(stackPaths().state, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Where Alertmanager reads the key its webhook presents to the alert recorder. */
export const alertRecorderKeyFile = () => join(stackPaths().credentials, "alert-recorder-key");

/**
 * Secrets a component reads from a file rather than its environment. The directory is the owner's
 * alone; the file itself is world-readable because docker compose mounts it into Alertmanager's
 * container, which runs as another user.
 */
export function writeCredentialFiles(secrets: StackSecrets): void {
  mkdirSync(stackPaths().credentials, { recursive: true, mode: 0o700 });
  chmodSync(stackPaths().credentials, 0o700);
  writeFileSync(alertRecorderKeyFile(), secrets.apiKeys.alertRecorder, { mode: 0o644 });
}
