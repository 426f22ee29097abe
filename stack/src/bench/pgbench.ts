import { join } from "node:path";
import { createPool, migrate, PLATFORM_MIGRATIONS } from "@firebreak/platform";
import { run } from "../exec.js";
import { REPO_ROOT, stackPaths } from "../paths.js";
import { HOST, PORTS } from "../ports.js";
import { loadSecrets } from "../prepare.js";

const PGBENCH = "/usr/lib/postgresql/15/bin/pgbench";
const SCRIPT = join(REPO_ROOT, "loadtests", "capacity", "place-order.sql");
const DATABASE = "orders_bench";

/** orders_bench gets the orders schema, as the orders role, exactly as the service migrates its own. */
async function prepareBenchDatabase(password: string): Promise<void> {
  const url = `postgresql://orders:${encodeURIComponent(password)}@${HOST}:${PORTS.postgres}/${DATABASE}`;
  const pool = createPool(url, 1);
  try {
    await migrate(pool, [
      { prefix: "platform", dir: PLATFORM_MIGRATIONS },
      { prefix: "orders", dir: join(REPO_ROOT, "services", "orders", "src", "migrations") },
    ]);
  } finally {
    await pool.end();
  }
}

export interface PgbenchResult {
  clients: number;
  seconds: number;
  transactionsPerSecond: number;
  latencyAverageMs: number;
}

/** pgbench running the order-placement transaction against the stack's own PostgreSQL. */
export async function pgbenchCeiling(seconds: number, clients: number): Promise<PgbenchResult> {
  const password = loadSecrets().passwords.orders;
  await prepareBenchDatabase(password);
  const logFile = join(stackPaths().logs, "pgbench.log");
  const args = ["-n", "-M", "prepared", "-c", String(clients), "-j", "2", "-T", String(seconds), "-f", SCRIPT];
  const output = await run(PGBENCH, [...args, "-h", HOST, "-p", String(PORTS.postgres), "-U", "orders", DATABASE], {
    env: { ...process.env, PGPASSWORD: password },
    logFile,
  });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1];
  const latency = /latency average = ([\d.]+) ms/.exec(output)?.[1];
  if (!tps) throw new Error(`pgbench printed no tps; see ${logFile}`);
  return { clients, seconds, transactionsPerSecond: Number(tps), latencyAverageMs: Number(latency ?? NaN) };
}
