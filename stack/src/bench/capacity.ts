import { buildProfile, perSecond } from "../../../loadtests/lib/profiles.js";
import { promQuery } from "../backends.js";
import { loadRequest, runK6 } from "../load/run.js";
import { summarize } from "../load/summary.js";
import { cpuSecondsByProcess, cpuShare } from "../process-cpu.js";
import { listProcesses } from "../supervisor.js";
import { pgbenchCeiling, type PgbenchResult } from "./pgbench.js";
import { restartStack } from "./restart.js";

/** Share of the traffic mix that places an order (see loadtests/scripts/orders.ts). */
const PLACEMENT_SHARE = 0.5;
/** k6 evaluates abortOnFail thresholds after this delay (the script's delayAbortEval). */
const ABORT_DELAY_SECONDS = 10;

export interface BreakpointResult {
  tracing: "on" | "off";
  aborted: boolean;
  lastSustainableOpsPerSecond: number;
  lastSustainableOrdersPerSecond: number;
  placeOrderP50Ms?: number;
  placeOrderP99Ms?: number;
  commitToClickhouseP99Seconds?: number;
  coresByProcess: Record<string, number>;
  rssMiBByProcess: Record<string, number>;
}

/** The ramp's rate (ops/s) `elapsed` seconds into a single-stage breakpoint scenario. */
function rampRateAt(startPerMinute: number, targetPerMinute: number, seconds: number, elapsed: number): number {
  const fraction = Math.min(1, Math.max(0, elapsed / seconds));
  return perSecond(startPerMinute + (targetPerMinute - startPerMinute) * fraction);
}

/**
 * k6 thresholds are cumulative over the run, so the first seconds of a cold stack (JIT, pools,
 * consumer-group joins) would decide the breakpoint on their own: a minute of smoke load first.
 */
async function warmUp(): Promise<void> {
  const request = loadRequest("smoke", { rate: "5", duration: "60" });
  await runK6(request);
}

async function breakpoint(tracing: "on" | "off", ceilingOps: number, seconds: number): Promise<BreakpointResult> {
  restartStack({ FIREBREAK_TRACING: tracing });
  await warmUp();
  const request = loadRequest("breakpoint", { rate: String(ceilingOps), duration: String(seconds) });
  const { scenario } = buildProfile("breakpoint", { rate: ceilingOps, durationSeconds: seconds });
  const cpuBefore = await cpuSecondsByProcess();
  const started = Date.now();
  const { exitCode, dir } = await runK6(request);
  const elapsed = (Date.now() - started) / 1000;
  const summary = summarize(request, dir, exitCode);
  const coresByProcess = cpuShare(cpuBefore, await cpuSecondsByProcess(), elapsed);
  const rssMiBByProcess = Object.fromEntries(
    (await listProcesses()).filter((p) => p.is_running).map((p) => [p.name, Math.round(p.mem / 1024 / 1024)]),
  );
  const aborted = !summary.thresholdsPassed;
  // When a threshold broke, the rate it broke at is the one ABORT_DELAY_SECONDS before k6 stopped.
  const sustainableAt = aborted ? elapsed - ABORT_DELAY_SECONDS : elapsed;
  const ops = rampRateAt(scenario.startRate, scenario.stages[0]!.target, seconds, sustainableAt);
  const freshness = await promQuery(
    `histogram_quantile(0.99, sum by (le) (increase(firebreak_cdc_freshness_seconds_bucket[${Math.ceil(elapsed)}s])))`,
  );
  return {
    tracing,
    aborted,
    lastSustainableOpsPerSecond: Math.round(ops * 10) / 10,
    lastSustainableOrdersPerSecond: Math.round(ops * PLACEMENT_SHARE * 10) / 10,
    placeOrderP50Ms: summary.placeOrderMs.p50 && Math.round(summary.placeOrderMs.p50),
    placeOrderP99Ms: summary.placeOrderMs.p99 && Math.round(summary.placeOrderMs.p99),
    commitToClickhouseP99Seconds: freshness[0] ? Number(Number(freshness[0].value[1]).toFixed(2)) : undefined,
    coresByProcess,
    rssMiBByProcess,
  };
}

export interface CapacityReport {
  measuredAt: string;
  ceiling: PgbenchResult;
  platform: BreakpointResult[];
  /** Sustained order placements within the SLO over the database's ceiling for the same transaction. */
  ratio: Record<string, number>;
  opsPerDay: Record<string, number>;
}

export async function measureCapacity(options: {
  pgbenchSeconds: number;
  breakpointSeconds: number;
  ceilingOps: number;
}): Promise<CapacityReport> {
  restartStack({ FIREBREAK_TRACING: "on" });
  const ceiling = await pgbenchCeiling(options.pgbenchSeconds, 8);
  const platform: BreakpointResult[] = [];
  for (const tracing of ["on", "off"] as const) {
    platform.push(await breakpoint(tracing, options.ceilingOps, options.breakpointSeconds));
  }
  restartStack({ FIREBREAK_TRACING: "on" });
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    measuredAt: new Date().toISOString(),
    ceiling,
    platform,
    ratio: Object.fromEntries(
      platform.map((p) => [p.tracing, round(p.lastSustainableOrdersPerSecond / ceiling.transactionsPerSecond)]),
    ),
    opsPerDay: Object.fromEntries(platform.map((p) => [p.tracing, Math.round(p.lastSustainableOpsPerSecond * 86_400)])),
  };
}

export function capacityMarkdown(report: CapacityReport): string {
  const rows = report.platform.map(
    (p) =>
      `| ${p.tracing} | ${p.lastSustainableOpsPerSecond} | ${p.lastSustainableOrdersPerSecond} | ${report.ratio[p.tracing]} | ` +
      `${(report.opsPerDay[p.tracing]! / 1e6).toFixed(1)} M | ${p.placeOrderP50Ms ?? "-"} / ${p.placeOrderP99Ms ?? "-"} ms | ` +
      `${p.commitToClickhouseP99Seconds ?? "-"} s |`,
  );
  return [
    `Capacity, measured ${report.measuredAt}`,
    "",
    `Ceiling: pgbench, order-placement transaction, ${report.ceiling.clients} clients, ${report.ceiling.seconds} s: ` +
      `**${report.ceiling.transactionsPerSecond.toFixed(0)} tps** (average latency ${report.ceiling.latencyAverageMs} ms).`,
    "",
    "| Tracing | Sustained ops/s | Orders/s | Orders ÷ ceiling | Ops/day | Placement p50 / p99 | Commit→ClickHouse p99 |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
