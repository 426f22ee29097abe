/**
 * With docker compose, the database passwords and the PSP key are the ones in .env. The firebreak CLI (verify,
 * chaos) reads them from the state directory's secrets.json, so this writes that file from .env. Without a
 * .env, the compose stack's `secrets` one-shot mints them instead (docs/docker-compose.md says how the CLI gets them).
 * Usage: npx tsx docker/secrets-from-env.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackPaths } from "@firebreak/stack/paths";
import { REDIS_USERS } from "@firebreak/stack/redis-users";
import { CLICKHOUSE_USERS } from "@firebreak/stack/clickhouse-users";
import { DATABASE_ROLES } from "./compose-secrets.js";

const env = new Map(
  readFileSync(".env", "utf8")
    .split("\n")
    .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
    .filter((match) => match !== null)
    .map((match) => [match[1]!, match[2]!]),
);
/** A value .env must have; without it, the name is said and the script exits 2. */
function required(name: string): string {
  const value = env.get(name);
  if (!value) {
    process.stderr.write(`.env has no ${name}\n`);
    process.exit(2);
  }
  return value;
}

const passwords = Object.fromEntries(
  Object.entries(DATABASE_ROLES).map(([role, prefix]) => [role, required(`${prefix}_DB_PASSWORD`)]),
);
const redisPasswords = Object.fromEntries(
  REDIS_USERS.map((user) => [user, required(`REDIS_${user.toUpperCase()}_PASSWORD`)]),
);
const clickhousePasswords = Object.fromEntries(
  CLICKHOUSE_USERS.map((user) => [user, required(`CLICKHOUSE_${user.toUpperCase()}_PASSWORD`)]),
);
const psp = required("PSP_API_KEY");
mkdirSync(stackPaths().state, { recursive: true });
// The compose stack formats its own Kafka cluster; the id is only used by the native stack. The
// recorder key is added by the first command that reads this file: the alert recorder runs on the
// host and writes it out for Alertmanager's container.
writeFileSync(
  join(stackPaths().state, "secrets.json"),
  JSON.stringify(
    { kafkaClusterId: "compose", passwords, apiKeys: { psp }, redisPasswords, clickhousePasswords },
    null,
    2,
  ),
  {
    mode: 0o600,
  },
);
