import { sleep } from "@firebreak/platform";
import { durationSeconds } from "../load/run.js";
import { loadRequest, runK6 } from "../load/run.js";
import { summarize } from "../load/summary.js";
import { cpuBetween, takeSnapshot, type CpuUsage } from "./cpu-window.js";
import { judgePlateau, type Verdict } from "./judge.js";
import { costTable, type CostRow } from "./marginal.js";
import { ordersBetween, waitForDrain, type OrderCounts } from "./orders-window.js";
import { readPlateauSlis, type PlateauP99, type SliReading } from "./slis.js";
import { resetStackStock } from "./stock.js";

/**
 * The measured window starts this long after the plateau's ramp: k6 first mints tokens and compiles
 * its script (a few seconds), then the stack settles at the new rate. It ends when k6's plateau is
 * due to end, which is never after k6's real end, since k6 starts late, not early.
 */
const SETTLE_SECONDS = 10;
/** How long the backlog of an overloaded plateau may take to drain before the next step. */
const DRAIN_TIMEOUT_MS = 90_000;

export interface PlateauResult {
  /** Operations per second asked of k6 (the traffic mix: half of them place an order). */
  rate: number;
  testId: string;
  window: { start: string; end: string; seconds: number };
  orders: OrderCounts & { perSecond: number };
  k6: { exitCode: number; iterations: number; droppedIterations: number; httpFailedRate: number };
  slis: SliReading[];
  p99: PlateauP99;
  verdict: Verdict;
  cpu: CpuUsage;
  costs: CostRow[];
  /** Seconds the saga took to decide the window's last orders after k6 stopped, and how many were left. */
  drain: { seconds: number; left: number };
}

/** One constant-rate plateau of the average mix, with stock reset first, judged on its own window. */
export async function runPlateau(rate: number, seconds: number, idle: CpuUsage): Promise<PlateauResult> {
  await resetStackStock();
  const request = loadRequest("average", { rate: String(rate), duration: String(seconds) });
  request.testId = request.testId.replace(/^average/, `capacity-${rate}`);
  const ramp = durationSeconds(request.profile.scenario.stages[0]!.duration);
  const started = Date.now();
  let k6Ended = false;
  const k6 = runK6(request, { quiet: true }).finally(() => (k6Ended = true));
  await Promise.race([sleep((ramp + SETTLE_SECONDS) * 1000), k6]);
  const before = await takeSnapshot();
  await Promise.race([sleep(Math.max(0, started + seconds * 1000 - Date.now())), k6]);
  const after = await takeSnapshot();
  const endedEarly = k6Ended;
  const { exitCode, dir } = await k6;
  const summary = summarize(request, dir, exitCode);
  const cpu = cpuBetween(before, after, "k6");
  const orders = await ordersBetween(before.atMs, after.atMs);
  const drain = await waitForDrain(started, DRAIN_TIMEOUT_MS);
  // Two scrapes (5 s apart) after the window's end, so that its last samples are in Prometheus.
  await sleep(Math.max(0, after.atMs + 10_000 - Date.now()));
  const { slis, p99 } = await readPlateauSlis(after.atMs, cpu.seconds);
  const verdict = judgePlateau({
    slis,
    droppedIterations: summary.droppedIterations,
    httpFailedRate: summary.httpFailedRate,
  });
  if (endedEarly)
    verdict.reasons.push(`k6 ended (exit ${exitCode}) before the window closed; see load run ${request.testId}`);
  verdict.ok = verdict.reasons.length === 0;
  return {
    rate,
    testId: request.testId,
    window: {
      start: new Date(before.atMs).toISOString(),
      end: new Date(after.atMs).toISOString(),
      seconds: cpu.seconds,
    },
    orders: { ...orders, perSecond: cpu.seconds > 0 ? Number((orders.placed / cpu.seconds).toFixed(1)) : 0 },
    k6: {
      exitCode,
      iterations: summary.iterations,
      droppedIterations: summary.droppedIterations,
      httpFailedRate: summary.httpFailedRate,
    },
    slis,
    p99,
    verdict,
    cpu,
    costs: costTable(idle, cpu, orders.placed),
    drain,
  };
}
