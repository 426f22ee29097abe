import { pollSettled } from "@firebreak/platform";
import { recordedAlerts } from "../clients/alertmanager.js";
import type { RecordedAlert } from "../alert-recorder/recorder.js";
import { runVerify } from "../verify/run.js";
import { loadDir } from "../load/run.js";
import { readAcknowledgements } from "../load/summary.js";
import { isDrained, readBacklog, type Backlog } from "../verify/collect.js";
import type { Experiment } from "./experiment.js";
import type { AlertRecord, BudgetConsumed, ExpectationResult, Journal } from "./journal.js";

const seconds = (from: string | Date, to: string | Date) => (new Date(to).getTime() - new Date(from).getTime()) / 1000;

export function budgetExpectations(experiment: Experiment, consumed: BudgetConsumed[]): ExpectationResult[] {
  return Object.entries(experiment.expect.budget).map(([slo, { maxPercent }]) => {
    const found = consumed.find((b) => b.slo === slo);
    if (found) found.maxPercent = maxPercent;
    const value = found?.consumedPercent;
    return {
      kind: "budget",
      name: `${slo} budget consumed ≤ ${maxPercent}%`,
      passed: value !== undefined && value <= maxPercent,
      detail: value === undefined ? `no SLO named ${slo}` : `${value.toFixed(3)}% of the 30-day budget`,
    };
  });
}

/**
 * Per alert, its first episode that began at or after `episodesFrom`: when it fired and, if it did,
 * when that episode resolved. An earlier episode still being notified (an earlier fault's page that
 * resolves during this run) is not this run's, and must not hide a new one. A resolved notification
 * is evidence of its episode too: Alertmanager does not notify a firing again for a group it last
 * notified as firing, when the alert fires anew before the group's resolution went out.
 */
export function episodesOf(notifications: RecordedAlert[], episodesFrom: Date): AlertRecord[] {
  const byName = new Map<string, AlertRecord>();
  for (const alert of notifications) {
    const record = byName.get(alert.alertname) ?? { name: alert.alertname, severity: alert.severity };
    byName.set(alert.alertname, record);
    if (new Date(alert.startsAt) < episodesFrom) continue;
    record.firedAt ??= alert.startsAt;
    if (alert.status === "resolved" && alert.startsAt === record.firedAt) record.resolvedAt = alert.endsAt;
  }
  return [...byName.values()];
}

/** The alerts Alertmanager delivered since the run began, each with its first episode since `episodesFrom`. */
export async function alertsSince(start: Date, episodesFrom: Date = start): Promise<AlertRecord[]> {
  return episodesOf(await recordedAlerts(start), episodesFrom);
}

/** When an alert began firing, if it began after the fault did: one still firing from before is not this fault's doing. */
function firedSince(alerts: AlertRecord[], name: string, injectionStart: string | undefined): string | undefined {
  const fired = alerts.find((a) => a.name === name)?.firedAt;
  if (!fired || !injectionStart) return undefined;
  return new Date(fired) >= new Date(injectionStart) ? fired : undefined;
}

export function alertExpectations(
  experiment: Experiment,
  alerts: AlertRecord[],
  injectionStart: string | undefined,
  drill: boolean,
): ExpectationResult[] {
  const spec = experiment.expect.alerts;
  if (!spec) return [];
  const skipped = !drill;
  const fires = spec.fire.map(({ alert, within }): ExpectationResult => {
    const fired = firedSince(alerts, alert, injectionStart);
    const delay = fired && injectionStart ? seconds(injectionStart, fired) : undefined;
    return {
      kind: "alert-fires",
      name: `${alert} fires within ${within}s`,
      passed: delay !== undefined && delay <= within,
      skipped,
      detail: delay === undefined ? "it did not fire" : `fired ${Math.round(delay)}s after the fault began`,
    };
  });
  const quiet = spec.quiet.map((alert): ExpectationResult => {
    const fired = firedSince(alerts, alert, injectionStart);
    return {
      kind: "alert-quiet",
      name: `${alert} stays quiet`,
      passed: !fired,
      skipped,
      detail: fired ? `fired at ${fired}` : "it did not fire",
    };
  });
  return [...fires, ...quiet];
}

/**
 * Drill mode: waits until every alert the experiment expects has fired (or its deadline passed), and
 * each of those that fired has resolved (bounded), so that the journal records both times. Other
 * alerts that fired are recorded as they stand, not waited for: a ticket's long windows cannot resolve
 * within a drill. Says what it waits for at least every 15 s.
 */
export async function alertsSettled(
  start: Date,
  expected: { alert: string; deadline: number }[],
  resolveWithinSeconds: number,
  signal: AbortSignal,
  progress: (text: string) => void = () => undefined,
  episodesFrom: Date = start,
): Promise<AlertRecord[]> {
  const resolveDeadline = Date.now() + resolveWithinSeconds * 1000;
  const names = new Set(expected.map((e) => e.alert));
  let lastSaid = 0;
  const settled = (alerts: AlertRecord[]) => {
    const fired = new Set(alerts.filter((a) => a.firedAt).map((a) => a.name));
    const toFire = expected.filter((e) => !fired.has(e.alert) && Date.now() < e.deadline).map((e) => e.alert);
    const toResolve =
      Date.now() < resolveDeadline
        ? alerts.filter((a) => names.has(a.name) && a.firedAt && !a.resolvedAt).map((a) => a.name)
        : [];
    if (toFire.length === 0 && toResolve.length === 0) return true;
    if (Date.now() - lastSaid >= 15_000) {
      const waiting = [...toFire.map((n) => `${n} to fire`), ...toResolve.map((n) => `${n} to resolve`)];
      progress(`waiting for ${waiting.join(", ")}`);
      lastSaid = Date.now();
    }
    return false;
  };
  // Past every deadline nothing is waited for, so the predicate itself ends the wait.
  const { last } = await pollSettled(() => alertsSince(start, episodesFrom), settled, {
    timeoutMs: Number.POSITIVE_INFINITY,
    intervalMs: 5_000,
    signal,
  });
  return last!;
}

/**
 * Waits until no order is PENDING, every saga consumer group has caught up and every void payments
 * owes the provider is confirmed (verify counts an unconfirmed one as a finding); the seconds it
 * took, or undefined.
 */
export async function waitDrained(withinSeconds: number, signal: AbortSignal): Promise<Backlog & { seconds?: number }> {
  const started = Date.now();
  const { settled, last } = await pollSettled(readBacklog, isDrained, {
    timeoutMs: withinSeconds * 1000,
    intervalMs: 2_000,
    // A broker that has just restarted answers "coordinator loading" for a while: ask again.
    retryErrors: true,
    signal,
  });
  signal.throwIfAborted();
  const backlog = last ?? { pending: -1, lag: -1, voids: -1 };
  return settled ? { ...backlog, seconds: (Date.now() - started) / 1000 } : backlog;
}

export async function integrity(
  testId: string,
): Promise<{ result: Journal["integrity"]; expectation: ExpectationResult }> {
  const report = await runVerify(0, testId);
  const acknowledged = readAcknowledgements(loadDir(testId)).acknowledged.length;
  const { lost, duplicated, unexpected, stuck, stock, payments } = report.counts;
  const problems = Object.entries(report.counts).filter(([, n]) => n > 0);
  return {
    result: { acknowledged, lost, unexpected, duplicated, stuck },
    expectation: {
      kind: "verify",
      name: "verify: nothing lost, duplicated or unexpected; stock and payments consistent",
      passed: report.valid,
      detail: report.valid
        ? `${report.ordersChecked} orders checked (${acknowledged} acknowledged in this run), clean`
        : `${problems.map(([kind, n]) => `${kind} ${n}`).join(", ")} (stock ${stock}, payments ${payments})`,
    },
  };
}
