import { loadRequest, runK6 } from "../load/run.js";
import type { Experiment } from "./experiment.js";
import { alertExpectations, alertsSince, budgetExpectations, integrity, waitDrained } from "./expectations.js";
import type { ExpectationResult, Journal, ProbeResult, Verdict } from "./journal.js";
import { LINKS, proxyName } from "./links.js";
import { plannedSeconds, runStep } from "./method.js";
import type { ProcessDriver } from "./processes.js";
import { budgetConsumed, probe, runSeries } from "./sli.js";
import { Rollback, sleep, Timeline } from "./timeline.js";
import { listProxies, resetAll } from "./toxiproxy.js";

/** Seconds of load before the steady-state window starts: pools, JIT and consumer groups settle. */
const WARM_UP_SECONDS = 15;
/** The recovery probe's trailing window: short enough to see recovery, long enough to hold a few scrapes. */
const RECOVERY_WINDOW = "20s";

export interface RunOptions {
  mode: "ci" | "drill";
  driver: ProcessDriver;
  timeline?: Timeline;
  /** Aborts the run (a signal from the user); the rollback still runs. */
  signal?: AbortSignal;
}

async function assertRouted(): Promise<void> {
  const proxies = await listProxies();
  const missing = LINKS.filter((link) => !proxies[proxyName(link.name)]);
  if (missing.length > 0) {
    throw new Error(`Toxiproxy has no proxy for ${missing.map((l) => l.name).join(", ")}: is the full profile up?`);
  }
}

/** Polls the steady-state limits after the faults are healed; seconds until they all held, or undefined. */
async function waitRecovered(
  experiment: Experiment,
  healedAt: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const deadline = healedAt + experiment.expect.recovery.within * 1000;
  while (Date.now() <= deadline && !signal.aborted) {
    const probes = await probe(experiment.steadyState.sli, RECOVERY_WINDOW);
    if (probes.every((p) => p.ok)) return (Date.now() - healedAt) / 1000;
    await sleep(5, signal);
  }
  return undefined;
}

function verdictOf(
  steadyState: ProbeResult[],
  expectations: ExpectationResult[],
): { verdict: Verdict; reason?: string } {
  const broken = steadyState.filter((p) => !p.ok);
  if (broken.length > 0) {
    const what = broken.map((p) => `${p.name} was ${p.value ?? "no data"} (max ${p.max})`).join("; ");
    return { verdict: "invalid", reason: `the steady state did not hold before injection: ${what}` };
  }
  const failed = expectations.filter((e) => !e.passed && !e.skipped);
  if (failed.length > 0) return { verdict: "fail", reason: failed.map((e) => `${e.name}: ${e.detail}`).join("; ") };
  return { verdict: "pass" };
}

export async function runExperiment(experiment: Experiment, options: RunOptions): Promise<Journal> {
  const timeline = options.timeline ?? new Timeline();
  const rollback = new Rollback();
  const abort = new AbortController();
  options.signal?.addEventListener("abort", () => abort.abort(new Error("interrupted by a signal")), { once: true });
  const startedAt = new Date();
  const loadSeconds =
    WARM_UP_SECONDS +
    experiment.steadyState.window +
    plannedSeconds(experiment.method) +
    experiment.expect.recovery.within;
  const request = loadRequest(experiment.load.profile, {
    ...(experiment.load.rate ? { rate: String(experiment.load.rate) } : {}),
    duration: String(Math.ceil(loadSeconds)),
  });
  request.testId = `chaos-${experiment.id}-${request.testId.replace(/^.*-/, "")}`;
  const journal: Journal = {
    experiment: {
      id: experiment.id,
      title: experiment.title,
      hypothesis: experiment.hypothesis,
      file: experiment.file,
      story: experiment.story,
    },
    mode: options.mode,
    startedAt: startedAt.toISOString(),
    endedAt: startedAt.toISOString(),
    verdict: "error",
    load: { testId: request.testId, profile: experiment.load.profile, ratePerSecond: experiment.load.rate },
    faults: timeline.faults,
    steadyState: [],
    expectations: [],
    budget: [],
    alerts: [],
    series: [],
    timeline: timeline.entries,
    rollback: rollback.results,
  };
  const stopLoad = new AbortController();
  abort.signal.addEventListener("abort", () => stopLoad.abort(), { once: true });
  let load: Promise<unknown> | undefined;
  try {
    timeline.log("phase", `${experiment.title}: ${options.mode} mode`);
    await assertRouted();
    await resetAll();
    timeline.log(
      "phase",
      `load: ${experiment.load.profile} at ${experiment.load.rate ?? "its default"} ops/s for ${Math.ceil(loadSeconds)}s (${request.testId})`,
    );
    load = runK6(request, { signal: stopLoad.signal, quiet: true });
    await sleep(WARM_UP_SECONDS + experiment.steadyState.window, abort.signal);
    abort.signal.throwIfAborted();
    journal.steadyState = await probe(experiment.steadyState.sli, `${experiment.steadyState.window}s`);
    const steady = journal.steadyState.every((p) => p.ok);
    timeline.log(
      "probe",
      `steady state ${steady ? "holds" : "does NOT hold"}: ${journal.steadyState.map((p) => `${p.name}=${p.value?.toFixed(4) ?? "no data"} (max ${p.max})`).join(", ")}`,
    );
    if (!steady) return journal;
    const injectionStart = new Date();
    for (const step of experiment.method)
      await runStep(step, { timeline, rollback, driver: options.driver, signal: abort.signal });
    abort.signal.throwIfAborted();
    await rollback.runAll(timeline);
    const healedAt = Date.now();
    journal.injection = { start: injectionStart.toISOString(), end: new Date(healedAt).toISOString() };
    timeline.log("phase", `faults healed; waiting up to ${experiment.expect.recovery.within}s for the SLIs to recover`);
    journal.recoverySeconds = await waitRecovered(experiment, healedAt, abort.signal);
    timeline.log(
      "probe",
      journal.recoverySeconds === undefined
        ? "the SLIs did not recover in time"
        : `recovered ${journal.recoverySeconds.toFixed(0)}s after the faults were healed`,
    );
    abort.signal.throwIfAborted();
    await load;
    load = undefined;
    const loadEnded = Date.now();
    const drained = await waitDrained(experiment.expect.drained.within, abort.signal);
    journal.drainSeconds = drained.seconds;
    timeline.log(
      "probe",
      drained.seconds === undefined
        ? `not drained: ${drained.pending} pending, ${drained.lag} behind`
        : `drained ${drained.seconds.toFixed(0)}s after the load ended`,
    );
    journal.budget = await budgetConsumed((loadEnded - startedAt.getTime()) / 1000);
    journal.alerts = await alertsSince(startedAt);
    const verified = experiment.expect.verify ? await integrity(request.testId) : undefined;
    journal.integrity = verified?.result;
    journal.expectations = [
      ...budgetExpectations(experiment, journal.budget),
      ...alertExpectations(experiment, journal.alerts, journal.injection.start, options.mode === "drill"),
      {
        kind: "recovery",
        name: `SLIs back within the steady-state limits within ${experiment.expect.recovery.within}s`,
        passed: journal.recoverySeconds !== undefined,
        detail:
          journal.recoverySeconds === undefined
            ? "not recovered"
            : `recovered in ${journal.recoverySeconds.toFixed(0)}s`,
      },
      {
        kind: "drained",
        name: `backlogs drained within ${experiment.expect.drained.within}s of the load's end`,
        passed: drained.seconds !== undefined,
        detail:
          drained.seconds === undefined
            ? `${drained.pending} orders pending, consumers ${drained.lag} behind`
            : `drained in ${drained.seconds.toFixed(0)}s`,
      },
      ...(verified ? [verified.expectation] : []),
    ];
    for (const e of journal.expectations)
      timeline.log("expectation", `${e.skipped ? "skipped" : e.passed ? "pass" : "FAIL"}  ${e.name}: ${e.detail}`);
    Object.assign(journal, verdictOf(journal.steadyState, journal.expectations));
    return journal;
  } catch (error) {
    journal.verdict = "error";
    journal.reason = (error as Error).message;
    timeline.log("error", journal.reason);
    return journal;
  } finally {
    await rollback.runAll(timeline);
    await resetAll().catch((error: Error) =>
      rollback.results.push({ action: "reset every proxy", ok: false, error: error.message }),
    );
    stopLoad.abort();
    await load;
    if (journal.verdict === "error" && !journal.steadyState.every((p) => p.ok))
      Object.assign(journal, verdictOf(journal.steadyState, []));
    journal.series = await runSeries((Date.now() - startedAt.getTime()) / 1000 + 30).catch(() => []);
    journal.endedAt = new Date().toISOString();
    timeline.log("phase", `verdict: ${journal.verdict}${journal.reason ? ` (${journal.reason})` : ""}`);
  }
}
