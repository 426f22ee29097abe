import { pollSettled } from "@firebreak/platform";
import { recordedAlerts } from "../clients/alertmanager.js";
import { promQuery } from "../clients/backends.js";
import { DEFAULT_DRILL_COMPRESSION } from "../slo/generate.js";
import { BURN_ALERTS, burnAlertName, compressedSeconds, drillVariant } from "../slo/rules.js";
import { atWindow, type Slo } from "../slo/spec.js";
import type { Experiment } from "./experiment.js";
import type { HistoryWait } from "./journal.js";
import { sloSpecs } from "./sli.js";
import type { Timeline } from "./timeline.js";

const DRILL = drillVariant(DEFAULT_DRILL_COMPRESSION);
/** The page's quick pair (5m and 1h, burning 14.4×): the one a drill's fault has minutes to trip. */
const [, PAGE_LONG_WINDOW] = BURN_ALERTS.page.pairs[0];
/** The long window may hold up to this much more traffic per second than the experiment's own load. */
const DILUTION_TOLERANCE = 1.5;
const CURRENT_WINDOW_SECONDS = 30;
const PROGRESS_EVERY_MS = 15_000;

/** The SLOs whose drill page the experiment expects to fire. */
export function pagedSlos(experiment: Experiment): Slo[] {
  const expected = new Set((experiment.expect.alerts?.fire ?? []).map(({ alert }) => alert));
  return sloSpecs().filter((slo) => expected.has(burnAlertName(slo.name, "page", DRILL)));
}

/** The SLOs whose drill page the experiment expects to stay quiet. */
export function quietSlos(experiment: Experiment): Slo[] {
  const quiet = new Set(experiment.expect.alerts?.quiet ?? []);
  return sloSpecs().filter((slo) => quiet.has(burnAlertName(slo.name, "page", DRILL)));
}

/** The longest of the page's short windows in drill time (30m / 12 = 150 s): how long old errors can keep one hot. */
const QUIET_PATIENCE_SECONDS =
  Math.max(...BURN_ALERTS.page.pairs.map(([short]) => compressedSeconds(short, DRILL.compression))) + 15;

/**
 * Seconds the gates may wait: the page's long window in drill time (300 s) for a page that is
 * expected, and its longest short window (150 s) for a page that must stay quiet.
 */
export const historyPatienceSeconds = (experiment: Experiment, mode: "ci" | "drill") =>
  mode !== "drill"
    ? 0
    : (pagedSlos(experiment).length > 0 ? compressedSeconds(PAGE_LONG_WINDOW, DRILL.compression) + 15 : 0) +
      (quietSlos(experiment).length > 0 ? QUIET_PATIENCE_SECONDS : 0);

/**
 * The page's short windows still over their burn threshold. A page fires when a pair's short and
 * long windows both are; the long ones (up to 30 min in drill time) keep an earlier experiment's
 * errors far longer than the short ones. So while a short window is hot, those old errors alone can
 * fire a page that this experiment expects to stay quiet.
 */
async function hotShortWindows(slo: Slo): Promise<string[]> {
  const budget = 1 - slo.target / 100;
  const hot: string[] = [];
  for (const [short, , factor] of BURN_ALERTS.page.pairs) {
    const [sample] = await promQuery(`${DRILL.prefix}:sli_error:ratio_rate${short}{slo="${slo.name}"}`);
    const ratio = sample ? Number(sample.value[1]) : 0;
    if (ratio > factor * budget) {
      hot.push(`${(ratio * 100).toFixed(1)}% errors over ${compressedSeconds(short, DRILL.compression)}s`);
    }
  }
  return hot;
}

/** Before any fault, waits until no page the experiment expects to stay quiet can fire on earlier errors alone. */
async function quietGate(experiment: Experiment, timeline: Timeline, signal: AbortSignal): Promise<HistoryWait[]> {
  const waits: HistoryWait[] = [];
  for (const slo of quietSlos(experiment)) {
    const started = Date.now();
    let lastSaid = 0;
    const { settled: clean, last: hot } = await pollSettled(
      () => hotShortWindows(slo),
      (hot) => {
        if (hot.length === 0) return true;
        if (Date.now() - lastSaid >= PROGRESS_EVERY_MS) {
          timeline.log(
            "probe",
            `${slo.name}: waiting for earlier errors to leave its quiet page's windows (${hot.join(", ")})`,
          );
          lastSaid = Date.now();
        }
        return false;
      },
      { timeoutMs: QUIET_PATIENCE_SECONDS * 1000, intervalMs: 5_000, signal },
    );
    const detail = clean
      ? "its quiet page's short windows are below their thresholds"
      : `not a clean start (its quiet page's ${hot!.join(", ")}); went on`;
    waits.push(gateWait(slo, started, clean, detail, timeline));
  }
  return waits;
}

/**
 * Whether Alertmanager last told on-call that this alert fires. If so, a new episode would not be
 * notified at all: for a group it last notified as firing, it sends nothing until the resolution
 * has gone out (its group_interval after the alert resolved).
 */
async function lastNotifiedFiring(alert: string): Promise<boolean> {
  let last: string | undefined;
  for (const notification of await recordedAlerts(new Date(Date.now() - 3_600_000))) {
    if (notification.alertname === alert) last = notification.status;
  }
  return last === "firing";
}

async function rateOver(slo: Slo, seconds: number): Promise<number | null> {
  const [sample] = await promQuery(atWindow(slo.sli.total, `${seconds}s`));
  const value = sample ? Number(sample.value[1]) : null;
  return value === null || Number.isNaN(value) ? null : value;
}

/** The SLO's traffic over the page's long window against now, and whether its page last notified as firing. */
async function readTraffic(
  slo: Slo,
  longSeconds: number,
): Promise<{ diluted: boolean; notified: boolean; rates: string }> {
  const [long, current, notified] = await Promise.all([
    rateOver(slo, longSeconds),
    rateOver(slo, CURRENT_WINDOW_SECONDS),
    lastNotifiedFiring(burnAlertName(slo.name, "page", DRILL)),
  ]);
  const diluted = !(long === null || current === null || current === 0 || long <= current * DILUTION_TOLERANCE);
  const rates =
    `${long?.toFixed(2) ?? "no data"}/s over ${longSeconds}s, ${current?.toFixed(2) ?? "no data"}/s now` +
    (notified ? "; its page last notified as firing" : "");
  return { diluted, notified, rates };
}

/** Records how long a gate waited for one SLO, and logs it. */
function gateWait(slo: Slo, started: number, clean: boolean, detail: string, timeline: Timeline): HistoryWait {
  const waited = (Date.now() - started) / 1000;
  timeline.log("probe", `${slo.name}: ${detail}${waited >= 1 ? ` after waiting ${waited.toFixed(0)}s` : ""}`);
  return { slo: slo.name, waitedSeconds: Number(waited.toFixed(0)), clean, detail };
}

/**
 * A drill's page fires when the errors are a large enough share of the traffic in both of its windows.
 * Heavier traffic earlier (a load test, a bench) still filling the long window dilutes the share, and
 * the verdict would depend on what ran before. So before any fault, for each SLO whose page is
 * expected, this waits until the long window holds no more traffic per second than the experiment's
 * own load (give or take half), and until the page's last notification is not "firing" (so that a
 * new episode is notified), at most that window's length, and says what it waited for.
 */
export async function historyGate(
  experiment: Experiment,
  mode: "ci" | "drill",
  timeline: Timeline,
  signal: AbortSignal,
): Promise<HistoryWait[]> {
  if (mode !== "drill") return [];
  const quiet = await quietGate(experiment, timeline, signal);
  const longSeconds = compressedSeconds(PAGE_LONG_WINDOW, DRILL.compression);
  const waits: HistoryWait[] = [];
  for (const slo of pagedSlos(experiment)) {
    const started = Date.now();
    let lastSaid = 0;
    const { settled: clean, last } = await pollSettled(
      () => readTraffic(slo, longSeconds),
      (traffic) => {
        if (!traffic.diluted && !traffic.notified) return true;
        if (Date.now() - lastSaid >= PROGRESS_EVERY_MS) {
          const why = traffic.diluted
            ? "earlier traffic to leave the page's long window"
            : "the page's earlier episode to be resolved";
          timeline.log("probe", `${slo.name}: waiting for ${why} (${traffic.rates})`);
          lastSaid = Date.now();
        }
        return false;
      },
      { timeoutMs: (longSeconds + 15) * 1000, intervalMs: 5_000, signal },
    );
    const detail = clean ? `a clean start (${last!.rates})` : `not a clean start (${last!.rates}); went on`;
    waits.push(gateWait(slo, started, clean, detail, timeline));
  }
  return [...quiet, ...waits];
}
