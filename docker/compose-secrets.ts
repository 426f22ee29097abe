/**
 * The compose stack's passwords by the variable each container reads, and where each is kept in the
 * state directory's secrets.json (the file the firebreak CLI reads, stack/src/credentials/secrets.ts).
 * PostgreSQL's superuser has no place there: natively the CLI never logs in as it.
 */
import { REDIS_USERS } from "@firebreak/stack/redis-users";
import { CLICKHOUSE_USERS } from "@firebreak/stack/clickhouse-users";

/** The PostgreSQL roles of stack/conf/postgres/setup.sql, each with its variable's prefix. */
export const DATABASE_ROLES = {
  orders: "ORDERS",
  inventory: "INVENTORY",
  payments: "PAYMENTS",
  orders_owner: "ORDERS_OWNER",
  inventory_owner: "INVENTORY_OWNER",
  payments_owner: "PAYMENTS_OWNER",
  debezium: "DEBEZIUM",
  monitor: "MONITOR",
} as const;

export type SecretsSection = "passwords" | "redisPasswords" | "clickhousePasswords" | "apiKeys";

/** Variable → [section of secrets.json, key]; undefined for the superuser, kept only where containers read it. */
export const COMPOSE_SECRETS: Record<string, [SecretsSection, string] | undefined> = {
  POSTGRES_PASSWORD: undefined,
  ...Object.fromEntries(
    Object.entries(DATABASE_ROLES).map(([role, prefix]) => [`${prefix}_DB_PASSWORD`, ["passwords", role]]),
  ),
  ...Object.fromEntries(REDIS_USERS.map((user) => [`REDIS_${user.toUpperCase()}_PASSWORD`, ["redisPasswords", user]])),
  ...Object.fromEntries(
    CLICKHOUSE_USERS.map((user) => [`CLICKHOUSE_${user.toUpperCase()}_PASSWORD`, ["clickhousePasswords", user]]),
  ),
  PSP_API_KEY: ["apiKeys", "psp"],
};
