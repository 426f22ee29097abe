import { pollQuietly, pollSettled } from "@firebreak/platform";
import type { Experiment } from "./experiment.js";
import {
  alertExpectations,
  alertsSettled,
  alertsSince,
  budgetExpectations,
  integrity,
  waitDrained,
} from "./expectations.js";
import type { ExpectationResult, Journal, ProbeResult, Verdict } from "./journal.js";
import { LINKS, proxyName } from "./links.js";
import { promQuery } from "../clients/backends.js";
import { budgetConsumed, probe } from "./sli.js";
import type { Timeline } from "./timeline.js";
import { listProxies } from "./toxiproxy.js";
import { deadLetterExpectations } from "./poison.js";
import { redeliveryExpectations } from "./rewind.js";

/** The steady-state gate waits at most this long beyond its window for the baseline to hold (a cold stack warms up). */
export const GATE_PATIENCE_SECONDS = 180;
/** The recovery probe's trailing window: short enough to see recovery, long enough to hold a few scrapes. */
const RECOVERY_WINDOW = "20s";
/** Drill mode waits this long at most for fired alerts to resolve: a fast-burn page also watches the compressed 30m window (2.5 min), then Alertmanager's group_interval (30 s). */
const ALERT_RESOLVE_SECONDS = 240;

const describeProbes = (probes: ProbeResult[]) =>
  probes.map((p) => `${p.name}=${p.value === null ? "no data" : Number(p.value.toFixed(4))} (max ${p.max})`).join(", ");

export async function assertRouted(): Promise<void> {
  const proxies = await listProxies();
  const missing = LINKS.filter((link) => !proxies[proxyName(link.name)]);
  if (missing.length > 0) {
    throw new Error(`Toxiproxy has no proxy for ${missing.map((l) => l.name).join(", ")}: is the full profile up?`);
  }
}

/** Part of every baseline: no drill-variant page firing (an earlier fault's page would blur this one's). */
async function pagesFiring(): Promise<ProbeResult> {
  const firing = await promQuery('count(ALERTS{alertstate="firing", severity="page", drill="true"})');
  const value = firing[0] ? Number(firing[0].value[1]) : 0;
  return { name: "pages_firing", value, max: 0, ok: value === 0 };
}

/** Probes the baseline over its window until it holds, or the gate's patience runs out; the last probes. */
export async function steadyStateGate(
  experiment: Experiment,
  timeline: Timeline,
  signal: AbortSignal,
): Promise<ProbeResult[]> {
  const { settled, last } = await pollSettled(
    async () => [
      ...(await probe(experiment.steadyState.sli, `${experiment.steadyState.window}s`)),
      await pagesFiring(),
    ],
    (probes) => {
      const holds = probes.every((p) => p.ok);
      if (!holds) timeline.log("probe", `waiting for the steady state: ${describeProbes(probes)}`);
      return holds;
    },
    { timeoutMs: GATE_PATIENCE_SECONDS * 1000, intervalMs: 5_000, signal },
  );
  timeline.log("probe", `steady state ${settled ? "holds" : "does NOT hold"}: ${describeProbes(last!)}`);
  return last!;
}

/** Polls the steady-state limits after the faults are healed; seconds until they all held, or undefined. */
export async function waitRecovered(
  experiment: Experiment,
  healedAt: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const deadline = healedAt + experiment.expect.recovery.within * 1000;
  if (Date.now() > deadline || signal.aborted) return undefined;
  return pollQuietly(
    async () => {
      const probes = await probe(experiment.steadyState.sli, RECOVERY_WINDOW);
      return probes.every((p) => p.ok) ? (Date.now() - healedAt) / 1000 : undefined;
    },
    { timeoutMs: deadline - Date.now(), intervalMs: 5_000, signal },
  );
}

/** After the load: drain, budget, alerts and integrity, each turned into expectations. */
export async function assess(
  experiment: Experiment,
  journal: Journal,
  run: { startedAt: Date; loadEnded: number; timeline: Timeline; signal: AbortSignal },
): Promise<ExpectationResult[]> {
  const { timeline, signal } = run;
  const drained = await waitDrained(experiment.expect.drained.within, signal);
  journal.drainSeconds = drained.seconds;
  timeline.log(
    "probe",
    drained.seconds === undefined
      ? `not drained: ${drained.pending} pending, ${drained.lag} behind, ${drained.voids} voids unconfirmed`
      : `drained ${drained.seconds.toFixed(0)}s after the load ended`,
  );
  journal.budget = await budgetConsumed((run.loadEnded - run.startedAt.getTime()) / 1000);
  const drill = journal.mode === "drill";
  const injected = journal.injection ? new Date(journal.injection.start).getTime() : Date.now();
  const expected = (experiment.expect.alerts?.fire ?? []).map(({ alert, within }) => ({
    alert,
    deadline: injected + within * 1000,
  }));
  // Episodes from the fault on: a page of an earlier experiment still resolving must not hide this one's.
  const episodesFrom = journal.injection ? new Date(journal.injection.start) : run.startedAt;
  const say = (text: string) => timeline.log("probe", text);
  journal.alerts = drill
    ? await alertsSettled(run.startedAt, expected, ALERT_RESOLVE_SECONDS, signal, say, episodesFrom)
    : await alertsSince(run.startedAt, episodesFrom);
  const verified = experiment.expect.verify ? await integrity(journal.load.testId) : undefined;
  journal.integrity = verified?.result;
  const recovered = journal.recoverySeconds;
  return [
    ...budgetExpectations(experiment, journal.budget),
    ...alertExpectations(experiment, journal.alerts, journal.injection?.start, drill),
    {
      kind: "recovery",
      name: `SLIs back within the steady-state limits within ${experiment.expect.recovery.within}s`,
      passed: recovered !== undefined,
      detail: recovered === undefined ? "not recovered" : `recovered in ${recovered.toFixed(0)}s`,
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
    ...(journal.poisoned?.length ? await deadLetterExpectations(journal.poisoned) : []),
    ...(journal.rewound?.length ? await redeliveryExpectations(journal.rewound) : []),
    ...(journal.stepChecks ?? []),
    ...(verified ? [verified.expectation] : []),
  ];
}

export function verdictOf(
  steadyState: ProbeResult[],
  expectations: ExpectationResult[],
): { verdict: Verdict; reason?: string } {
  const broken = steadyState.filter((p) => !p.ok);
  if (broken.length > 0) {
    return { verdict: "invalid", reason: `the steady state did not hold before injection: ${describeProbes(broken)}` };
  }
  const failed = expectations.filter((e) => !e.passed && !e.skipped);
  if (failed.length > 0) return { verdict: "fail", reason: failed.map((e) => `${e.name}: ${e.detail}`).join("; ") };
  return { verdict: "pass" };
}
