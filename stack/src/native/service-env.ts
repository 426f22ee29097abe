import pg from "pg";
import { linkPort, proxies } from "../chaos/links.js";
import { HOST, PORTS } from "./ports.js";
import { loadSecrets } from "../credentials/secrets.js";
import { UsageError } from "../util/usage.js";
import { redisUrl } from "../credentials/redis-users.js";
import { clickhouseUrl } from "../credentials/clickhouse-users.js";
import { jwtKeyPaths } from "../credentials/dev-token.js";

/** Redis as its `default` user, which may do anything: for the CLI and the tests, never a service. */
export const adminRedisUrl = () => redisUrl("admin", loadSecrets().redisPasswords.admin, PORTS.redis);

/** Redis as a service's own user, directly (not through its proxy); for component tests. */
export const serviceRedisUrl = (user: "gateway" | "orders", port: number = PORTS.redis) =>
  redisUrl(user, loadSecrets().redisPasswords[user], port);

export const SERVICES_WITH_DATABASE = ["orders", "inventory", "payments"] as const;
export type ServiceWithDatabase = (typeof SERVICES_WITH_DATABASE)[number];

/**
 * The environment a service starts with on the native stack. Every address is a variable, so that
 * a link can be routed through its Toxiproxy port without a code change.
 */
export function serviceEnv(service: ServiceWithDatabase, database: "real" | "test" = "real"): Record<string, string> {
  return {
    PORT: String(PORTS[service]),
    DATABASE_URL: databaseUrl(service, database, PORTS.postgres),
    MIGRATION_DATABASE_URL: databaseUrl(service, database, PORTS.postgres, "owner"),
    ...(service === "orders" ? { REDIS_URL: serviceRedisUrl("orders") } : {}),
    KAFKA_BROKERS: `${HOST}:${PORTS.kafka}`,
    JWT_PUBLIC_KEY_FILE: jwtKeyPaths().publicKey,
  };
}

/**
 * A service's database as its runtime role (rows of its own tables) or as its owner (the schema,
 * for migrations); stack/conf/postgres/setup.sql grants each.
 */
function databaseUrl(
  service: ServiceWithDatabase,
  database: "real" | "test",
  port: number,
  as: "runtime" | "owner" = "runtime",
): string {
  const role = as === "owner" ? (`${service}_owner` as const) : service;
  const password = encodeURIComponent(loadSecrets().passwords[role]);
  const name = database === "test" ? `${service}_test` : service;
  return `postgresql://${role}:${password}@${HOST}:${port}/${name}`;
}

/** FIREBREAK_TRACING=off starts the services with the OpenTelemetry SDK disabled (to measure its cost). */
export function tracing(): "on" | "off" {
  const value = process.env.FIREBREAK_TRACING ?? "on";
  if (value !== "on" && value !== "off") {
    throw new UsageError(`FIREBREAK_TRACING must be 'on' or 'off', not '${value}'`);
  }
  return value;
}

/**
 * FIREBREAK_TRACE_SAMPLE_RATIO (0-1, default 0.1): the share of new traces recorded. Requests that
 * arrive with a sampled traceparent are always recorded (a parent-based sampler). One in ten keeps a
 * few whole traces a second under load for exemplars and logs to resolve to, while recording and
 * storing every trace (about 60 spans an order) cost Tempo alone a quarter of a core at 10 M a day.
 */
export const DEFAULT_TRACE_SAMPLE_RATIO = "0.1";

export function traceSampleRatio(): number {
  const text = process.env.FIREBREAK_TRACE_SAMPLE_RATIO ?? DEFAULT_TRACE_SAMPLE_RATIO;
  const ratio = Number(text);
  if (text.trim() === "" || !(ratio >= 0 && ratio <= 1)) {
    throw new UsageError(`FIREBREAK_TRACE_SAMPLE_RATIO must be a number from 0 to 1, not '${text}'`);
  }
  return ratio;
}

/**
 * The export condition under which `@firebreak/platform` resolves to its dist/ instead of its sources
 * (services/platform/package.json). Only the supervisor's Node passes it; tsc, vitest and tsx resolve
 * the default, the TypeScript sources.
 */
export const COMPILED_CONDITION = "firebreak-compiled";

export type ServiceRuntime = "compiled" | "tsx";

/**
 * How the supervisor runs the services. `compiled` (the default) runs each package's dist/, built by
 * `firebreak up`, with no loader in the running service. `tsx` runs the TypeScript sources through the
 * tsx loader, for editing a service without a rebuild; `bench capacity` found no CPU difference
 * between the two within a run's noise (docs/benchmarks.md has the figures).
 */
export function serviceRuntime(): ServiceRuntime {
  const value = process.env.FIREBREAK_SERVICE_RUNTIME ?? "compiled";
  if (value !== "compiled" && value !== "tsx") {
    throw new UsageError(`FIREBREAK_SERVICE_RUNTIME must be 'compiled' or 'tsx', not '${value}'`);
  }
  return value;
}

/** The Node flags and the entry (relative to a service's directory) that the supervisor file starts a service with. */
export function serviceLaunch(runtime: ServiceRuntime): { nodeFlags: string; entry: string } {
  return runtime === "compiled"
    ? { nodeFlags: `--conditions=${COMPILED_CONDITION}`, entry: "dist/main.js" }
    : { nodeFlags: "--import tsx", entry: "src/main.ts" };
}

/**
 * What the supervisor file passes to the services: FB_<SERVICE>_DATABASE_URL and FB_<SERVICE>_REDIS_URL
 * (through the service's Toxiproxy proxy, with its credentials; the other proxied addresses are in the
 * supervisor file itself), analytics' two ClickHouse users, the exporters' credentials, and the merchant key payments presents to the
 * PSP simulator.
 */
export function servicesEnv(): Record<string, string> {
  const env: Record<string, string> = {
    FB_PSP_DECLINE_RATE: process.env.FIREBREAK_PSP_DECLINE_RATE ?? "0.1",
    FB_OTEL_ENDPOINT: `http://${HOST}:${PORTS.otelcolHttp}`,
    FB_OTEL_SDK_DISABLED: String(tracing() === "off"),
    FB_TRACE_SAMPLE_RATIO: String(traceSampleRatio()),
  };
  const launch = serviceLaunch(serviceRuntime());
  env.FB_SERVICE_NODE_FLAGS = launch.nodeFlags;
  env.FB_SERVICE_ENTRY = launch.entry;
  const secrets = loadSecrets();
  env.FB_PSP_API_KEY = secrets.apiKeys.psp;
  env.FB_DEBEZIUM_DB_PASSWORD = secrets.passwords.debezium;
  const monitor = encodeURIComponent(secrets.passwords.monitor);
  env.FB_MONITOR_DATABASE_URL = `postgresql://monitor:${monitor}@${HOST}:${PORTS.postgres}/postgres?sslmode=disable`;
  env.FB_REDIS_EXPORTER_URL = redisUrl("exporter", secrets.redisPasswords.exporter, PORTS.redis);
  env.FB_GATEWAY_REDIS_URL = redisUrl("gateway", secrets.redisPasswords.gateway, linkPort("gatewayToRedis", proxies()));
  env.FB_ORDERS_REDIS_URL = redisUrl("orders", secrets.redisPasswords.orders, linkPort("ordersToRedis", proxies()));
  const toClickhouse = linkPort("analyticsToClickhouse", proxies());
  const { analytics_writer: writer, analytics_reader: reader } = secrets.clickhousePasswords;
  env.FB_ANALYTICS_CLICKHOUSE_URL = clickhouseUrl("analytics_writer", writer, toClickhouse);
  env.FB_ANALYTICS_CLICKHOUSE_READER_URL = clickhouseUrl("analytics_reader", reader, toClickhouse);
  for (const service of SERVICES_WITH_DATABASE) {
    const proxy = linkPort(`${service}ToPostgres`, proxies());
    env[`FB_${service.toUpperCase()}_DATABASE_URL`] = databaseUrl(service, "real", proxy);
    env[`FB_${service.toUpperCase()}_MIGRATION_DATABASE_URL`] = databaseUrl(service, "real", proxy, "owner");
  }
  return env;
}

/** One query against a service's real database, as that service's role; for tools and tests, not services. */
export async function queryService<T extends pg.QueryResultRow>(
  service: ServiceWithDatabase,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: serviceEnv(service).DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
