import { loadDir, loadRequest, runK6, type LoadRequest } from "../load/run.js";
import { readAcknowledgements } from "../load/summary.js";
import type { Experiment } from "./experiment.js";
import { historyGate, historyPatienceSeconds } from "./history.js";
import type { Journal } from "./journal.js";
import { plannedSeconds, runStep } from "./method.js";
import { assertRouted, assess, GATE_PATIENCE_SECONDS, steadyStateGate, verdictOf, waitRecovered } from "./phases.js";
import type { ProcessDriver } from "./processes.js";
import { runSeries } from "./sli.js";
import { Rollback, pauseFor, Timeline } from "./timeline.js";
import { resetAll } from "./toxiproxy.js";

/** Seconds of load before the steady-state window starts: pools, JIT and consumer groups settle. */
const WARM_UP_SECONDS = 15;

export interface RunOptions {
  mode: "ci" | "drill";
  driver: ProcessDriver;
  timeline?: Timeline;
  /** Aborts the run (a signal from the user); the rollback still runs. */
  signal?: AbortSignal;
}

/** Load for the whole run: warm-up, baseline (with the gates' patience), the method, recovery. k6 is stopped once recovery is judged. */
function loadFor(experiment: Experiment, mode: RunOptions["mode"]): LoadRequest {
  const seconds =
    WARM_UP_SECONDS +
    experiment.steadyState.window +
    GATE_PATIENCE_SECONDS +
    historyPatienceSeconds(experiment, mode) +
    plannedSeconds(experiment.method) +
    experiment.expect.recovery.within;
  const request = loadRequest(experiment.load.profile, {
    ...(experiment.load.rate ? { rate: String(experiment.load.rate) } : {}),
    duration: String(Math.ceil(seconds)),
  });
  return { ...request, testId: `chaos-${experiment.id}-${request.testId.replace(/^.*-/, "")}` };
}

function newJournal(
  experiment: Experiment,
  options: RunOptions,
  request: LoadRequest,
  timeline: Timeline,
  rollback: Rollback,
): Journal {
  const now = new Date().toISOString();
  const { id, title, hypothesis, file, story } = experiment;
  return {
    experiment: { id, title, hypothesis, file, story },
    mode: options.mode,
    startedAt: now,
    endedAt: now,
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
}

/**
 * One experiment: load starts, the steady state must hold (otherwise the verdict is invalid), the
 * method injects its faults, recovery is timed, then drain, budget, alerts and integrity are judged.
 * The rollback runs whatever happens, and every proxy is reset at the end.
 */
export async function runExperiment(experiment: Experiment, options: RunOptions): Promise<Journal> {
  const timeline = options.timeline ?? new Timeline();
  const rollback = new Rollback();
  const abort = new AbortController();
  options.signal?.addEventListener("abort", () => abort.abort(new Error("interrupted by a signal")), { once: true });
  const signal = abort.signal;
  const request = loadFor(experiment, options.mode);
  const journal = newJournal(experiment, options, request, timeline, rollback);
  const startedAt = new Date(journal.startedAt);
  const stopLoad = new AbortController();
  signal.addEventListener("abort", () => stopLoad.abort(), { once: true });
  let load: Promise<unknown> | undefined;
  try {
    timeline.log("phase", `${experiment.title}: ${options.mode} mode`);
    await assertRouted();
    await resetAll();
    timeline.log(
      "phase",
      `load: ${experiment.load.profile} at ${experiment.load.rate ?? "its default"} ops/s (${request.testId})`,
    );
    load = runK6(request, { signal: stopLoad.signal, quiet: true });
    await pauseFor(WARM_UP_SECONDS + experiment.steadyState.window, signal);
    journal.steadyState = await steadyStateGate(experiment, timeline, signal);
    signal.throwIfAborted();
    if (!journal.steadyState.every((p) => p.ok)) return Object.assign(journal, verdictOf(journal.steadyState, []));
    journal.history = await historyGate(experiment, options.mode, timeline, signal);
    const injectionStart = new Date().toISOString();
    const [poisoned, rewound, checks] = [(journal.poisoned = []), (journal.rewound = []), (journal.stepChecks = [])];
    for (const step of experiment.method) {
      await runStep(step, { timeline, rollback, driver: options.driver, signal, poisoned, rewound, checks });
    }
    signal.throwIfAborted();
    await rollback.runAll(timeline);
    const healedAt = Date.now();
    journal.injection = { start: injectionStart, end: new Date(healedAt).toISOString() };
    timeline.log("phase", `faults healed; waiting up to ${experiment.expect.recovery.within}s for the SLIs to recover`);
    journal.recoverySeconds = await waitRecovered(experiment, healedAt, signal);
    const recovered = journal.recoverySeconds;
    timeline.log(
      "probe",
      recovered === undefined
        ? "the SLIs did not recover in time"
        : `recovered ${recovered.toFixed(0)}s after the faults were healed`,
    );
    // A little steady load after recovery, so the plots show the system settled, not just the turn.
    if (recovered !== undefined) await pauseFor(10, signal);
    stopLoad.abort();
    await load;
    load = undefined;
    const told = readAcknowledgements(loadDir(request.testId));
    const acknowledgedKeys = new Set(told.acknowledged.map(({ key }) => key));
    journal.load.placements = {
      acknowledged: told.acknowledged.length,
      refused: told.refused.length,
      unknown: told.unknown.length,
      succeededOnRetry: new Set(told.retried.filter(({ key }) => !acknowledgedKeys.has(key)).map(({ key }) => key))
        .size,
    };
    signal.throwIfAborted();
    timeline.log("phase", "load stopped; draining and judging");
    journal.expectations = await assess(experiment, journal, { startedAt, loadEnded: Date.now(), timeline, signal });
    for (const e of journal.expectations) {
      timeline.log("expectation", `${e.skipped ? "skipped" : e.passed ? "pass" : "FAIL"}  ${e.name}: ${e.detail}`);
    }
    return Object.assign(journal, verdictOf(journal.steadyState, journal.expectations));
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
    journal.series = await runSeries((Date.now() - startedAt.getTime()) / 1000).catch(() => []);
    journal.endedAt = new Date().toISOString();
    timeline.log("phase", `verdict: ${journal.verdict}${journal.reason ? ` (${journal.reason})` : ""}`);
  }
}
