import { join } from "node:path";
import { createPool, migrate, PLATFORM_MIGRATIONS, type Pool } from "@firebreak/platform";
import { run } from "../util/exec.js";
import { REPO_ROOT, stackPaths } from "../native/paths.js";
import { HOST, PORTS } from "../native/ports.js";
import { loadSecrets } from "../credentials/secrets.js";
import { seedInventory } from "../native/seed.js";
import { SERVICE_MIGRATIONS } from "../native/service-migrations.js";
import { cpuBetween, takeSnapshot, type CpuUsage } from "./cpu-window.js";
import { costTable, type CostRow } from "./marginal.js";

const PGBENCH = "/usr/lib/postgresql/15/bin/pgbench";
const DATABASE = "orders_bench";

/** The two anchors: the placement transaction alone, and all the SQL of one happy-path order. */
export const ANCHORS = {
  placement: join(REPO_ROOT, "loadtests", "capacity", "place-order.sql"),
  saga: join(REPO_ROOT, "loadtests", "capacity", "saga.sql"),
} as const;
export type Anchor = keyof typeof ANCHORS;

/**
 * One database for the three services' schemas, so that one pgbench script run is one order and
 * tps reads as orders/s. The orders tables stay in public (the placement script's); inventory and
 * payments each get a schema with their own outbox and inbox, as their own databases have, so no
 * table is shared that the stack keeps apart. Migrated by the services' own files, as orders_owner,
 * which owns orders_bench (no superuser needed).
 */
const SCHEMAS = [
  { schema: "public", service: "orders" },
  { schema: "inventory", service: "inventory" },
  { schema: "payments", service: "payments" },
] as const;

const withSearchPath = (url: string, schema: string) =>
  `${url}?${new URLSearchParams({ options: `-c search_path=${schema}` })}`;

async function inSchema<T>(url: string, schema: string, work: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool(withSearchPath(url, schema), 1);
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

/** Migrates (idempotently), empties and seeds the bench database, so every run starts alike, stock included. */
export async function prepareBenchDatabase(url: string): Promise<void> {
  for (const { schema, service } of SCHEMAS) {
    await inSchema(url, schema, async (pool) => {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await migrate(pool, [
        { prefix: "platform", dir: PLATFORM_MIGRATIONS },
        { prefix: service, dir: SERVICE_MIGRATIONS[service] },
      ]);
    });
  }
  await inSchema(url, "inventory", async (pool) => {
    await pool.query(
      `TRUNCATE public.orders, public.idempotency_keys, public.outbox, public.inbox, inventory.products,
                inventory.reservations, inventory.outbox, inventory.inbox, payments.payments, payments.outbox,
                payments.inbox`,
    );
    await seedInventory(pool);
  });
}

export interface PgbenchResult {
  anchor: Anchor;
  clients: number;
  seconds: number;
  transactions: number;
  transactionsPerSecond: number;
  latencyAverageMs: number;
}

type Figures = Pick<PgbenchResult, "transactions" | "transactionsPerSecond" | "latencyAverageMs">;

/** The figures of pgbench's report; undefined when it printed none. */
export function parsePgbenchOutput(output: string): Figures | undefined {
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1];
  if (!tps) return undefined;
  return {
    transactions: Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? NaN),
    transactionsPerSecond: Number(tps),
    latencyAverageMs: Number(/latency average = ([\d.]+) ms/.exec(output)?.[1] ?? NaN),
  };
}

export interface AnchorResult extends PgbenchResult {
  cpu: CpuUsage;
  /** CPU-µs per transaction (per order for the saga) above the stack's idle rate. */
  costs: CostRow[];
}

/** pgbench running one anchor against the stack's own PostgreSQL, with the CPU it cost. */
export async function runAnchor(
  anchor: Anchor,
  seconds: number,
  clients: number,
  idle: CpuUsage,
): Promise<AnchorResult> {
  const password = loadSecrets().passwords.orders_owner;
  await prepareBenchDatabase(
    `postgresql://orders_owner:${encodeURIComponent(password)}@${HOST}:${PORTS.postgres}/${DATABASE}`,
  );
  const logFile = join(stackPaths().logs, `pgbench-${anchor}.log`);
  const args = ["-n", "-M", "prepared", "-c", String(clients), "-j", "2", "-T", String(seconds), "-f", ANCHORS[anchor]];
  const before = await takeSnapshot();
  const output = await run(
    PGBENCH,
    [...args, "-h", HOST, "-p", String(PORTS.postgres), "-U", "orders_owner", DATABASE],
    {
      env: { ...process.env, PGPASSWORD: password },
      logFile,
    },
  );
  const cpu = cpuBetween(before, await takeSnapshot(), "pgbench");
  const figures = parsePgbenchOutput(output);
  if (!figures) throw new Error(`pgbench printed no tps; see ${logFile}`);
  return { anchor, clients, seconds, ...figures, cpu, costs: costTable(idle, cpu, figures.transactions) };
}
