import { sleep } from "@firebreak/platform";
import { cpus, totalmem } from "node:os";
import { loadRequest, runK6 } from "../load/run.js";
import { listProcesses } from "../native/supervisor.js";
import { cpuBetween, takeSnapshot, type CpuUsage } from "./cpu-window.js";
import { sustainedRate } from "./judge.js";
import type { CapacityOptions } from "./options.js";
import { waitForDrain } from "./orders-window.js";
import { runAnchor, type AnchorResult } from "./pgbench.js";
import { runPlateau } from "./plateau.js";
import { restartStack } from "./restart.js";
import { isRun, type CapacityReport, type ConfigRun } from "./types.js";

const WARM_UP_SECONDS = 30;
const PGBENCH_CLIENTS = 8;
const BACKLOG_TIMEOUT_MS = 180_000;

/**
 * A fresh start pays JIT, pool and consumer-group costs: a short smoke load first. Then every order
 * this bench placed is decided, an earlier column's backlog included (Kafka keeps it across a
 * restart), so that the idle window is idle.
 */
async function warmUp(benchStartedMs: number): Promise<ConfigRun["backlogBeforeIdle"]> {
  await runK6(loadRequest("smoke", { rate: "5", duration: String(WARM_UP_SECONDS) }), { quiet: true });
  return waitForDrain(benchStartedMs, BACKLOG_TIMEOUT_MS);
}

async function measureIdle(seconds: number): Promise<CpuUsage> {
  const before = await takeSnapshot();
  await sleep(seconds * 1000);
  return cpuBetween(before, await takeSnapshot());
}

async function plateaus(options: CapacityOptions, idle: CpuUsage): Promise<ConfigRun["plateaus"]> {
  const results: ConfigRun["plateaus"] = [];
  for (const rate of options.rates) {
    const failed = results.find((p) => !isRun(p) || !p.verdict.ok);
    // Above a plateau that did not hold, the backlog alone would spoil the next window.
    if (failed) {
      results.push({ rate, skipped: `the ${failed.rate} ops/s plateau did not hold` });
      continue;
    }
    try {
      results.push(await runPlateau(rate, options.plateauSeconds, idle));
    } catch (error) {
      results.push({ rate, skipped: `failed: ${(error as Error).message.split("\n")[0]}` });
    }
  }
  return results;
}

const ratioOf = (orders: number | null, anchor: AnchorResult | undefined) =>
  orders === null || !anchor?.transactionsPerSecond ? null : Number((orders / anchor.transactionsPerSecond).toFixed(3));

interface Bench {
  startedMs: number;
  options: CapacityOptions;
  /** Filled by the first stack start, which runs them. */
  anchors: AnchorResult[];
}

async function measureConfig(
  bench: Bench,
  label: string,
  env: Record<string, string>,
): Promise<Omit<ConfigRun, "round" | "variant">> {
  const backlogBeforeIdle = await warmUp(bench.startedMs);
  const idle = await measureIdle(bench.options.idleSeconds);
  const rssMiBByProcess = Object.fromEntries(
    (await listProcesses()).filter((p) => p.is_running).map((p) => [p.name, Math.round(p.mem / 1024 / 1024)]),
  );
  if (bench.anchors.length === 0) {
    for (const anchor of ["placement", "saga"] as const) {
      bench.anchors.push(await runAnchor(anchor, bench.options.pgbenchSeconds, PGBENCH_CLIENTS, idle));
    }
  }
  const results = await plateaus(bench.options, idle);
  const sustained = sustainedRate(results.filter(isRun));
  const orders = results.filter(isRun).find((p) => p.rate === sustained)?.orders.perSecond ?? null;
  const anchor = (name: string) => bench.anchors.find((a) => a.anchor === name);
  return {
    label,
    env,
    backlogBeforeIdle,
    idle,
    rssMiBByProcess,
    plateaus: results,
    sustainedOpsPerSecond: sustained,
    sustainedOrdersPerSecond: orders,
    ratio: { saga: ratioOf(orders, anchor("saga")), placement: ratioOf(orders, anchor("placement")) },
  };
}

/**
 * The order of the columns in each round: ABBA… so that a drift over the bench (ClickHouse's cost grows
 * with its data) weighs on both columns alike. Round 1 is always baseline first.
 */
export function columnOrder(rounds: number, withVariant: boolean): { round: number; variant: boolean }[] {
  const order: { round: number; variant: boolean }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const variantFirst = withVariant && round % 2 === 0;
    order.push({ round, variant: variantFirst });
    if (withVariant) order.push({ round, variant: !variantFirst });
  }
  return order;
}

/**
 * The stack started as the user's environment has it (the baseline), then with the variant's
 * switches, each measured alike and from a fresh start, `rounds` times over; the anchors run once, on
 * the first baseline stack after its idle window. The stack is left running as the baseline.
 */
export async function measureCapacity(options: CapacityOptions): Promise<CapacityReport> {
  const bench: Bench = { startedMs: Date.now(), options, anchors: [] };
  // The baseline is the user's own environment; for each switch the variant flips, say what it was.
  const baselineEnv = Object.fromEntries(
    Object.keys(options.variant ?? {}).map((name) => [name, process.env[name] ?? "(default)"]),
  );
  const variantLabel = Object.entries(options.variant ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(",");
  const configs: ConfigRun[] = [];
  let variantRunning = false;
  try {
    for (const { round, variant } of columnOrder(options.rounds, options.variant !== undefined)) {
      const env = variant ? options.variant! : {};
      const suffix = options.rounds > 1 ? ` #${round}` : "";
      variantRunning = variant;
      restartStack(env);
      const run = await measureConfig(
        bench,
        `${variant ? variantLabel : "baseline"}${suffix}`,
        variant ? env : baselineEnv,
      );
      configs.push({ ...run, round, variant });
    }
  } finally {
    if (variantRunning) restartStack({});
  }
  const cores = cpus();
  return {
    measuredAt: new Date(bench.startedMs).toISOString(),
    machine: { cores: cores.length, model: cores[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30) },
    options,
    anchors: bench.anchors,
    configs,
  };
}
