import { promQuery } from "../backends.js";
import { DEFAULT_DRILL_COMPRESSION } from "../slo/generate.js";
import { BURN_ALERTS, burnAlertName, compressedSeconds, drillVariant } from "../slo/rules.js";
import type { Slo } from "../slo/spec.js";
import type { Experiment } from "./experiment.js";
import type { HistoryWait } from "./journal.js";
import { sloSpecs } from "./sli.js";
import { sleep, type Timeline } from "./timeline.js";

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

/** Seconds the gate may wait: the page's long window in drill time (300 s), once it is expected at all. */
export const historyPatienceSeconds = (experiment: Experiment, mode: "ci" | "drill") =>
  mode === "drill" && pagedSlos(experiment).length > 0
    ? compressedSeconds(PAGE_LONG_WINDOW, DRILL.compression) + 15
    : 0;

async function rateOver(slo: Slo, seconds: number): Promise<number | null> {
  const [sample] = await promQuery(slo.sli.total.replaceAll("{{window}}", `${seconds}s`));
  const value = sample ? Number(sample.value[1]) : null;
  return value === null || Number.isNaN(value) ? null : value;
}

/**
 * A drill's page fires when the errors are a large enough share of the traffic in both of its windows.
 * Heavier traffic earlier (a load test, a bench) still filling the long window dilutes the share, and
 * the verdict would depend on what ran before. So before any fault, for each SLO whose page is
 * expected, this waits until the long window holds no more traffic per second than the experiment's
 * own load (give or take half), at most that window's length, and says what it waited for.
 */
export async function historyGate(
  experiment: Experiment,
  mode: "ci" | "drill",
  timeline: Timeline,
  signal: AbortSignal,
): Promise<HistoryWait[]> {
  if (mode !== "drill") return [];
  const longSeconds = compressedSeconds(PAGE_LONG_WINDOW, DRILL.compression);
  const waits: HistoryWait[] = [];
  for (const slo of pagedSlos(experiment)) {
    const started = Date.now();
    let lastSaid = 0;
    for (;;) {
      const [long, current] = await Promise.all([rateOver(slo, longSeconds), rateOver(slo, CURRENT_WINDOW_SECONDS)]);
      const clean = long === null || current === null || current === 0 || long <= current * DILUTION_TOLERANCE;
      const waited = (Date.now() - started) / 1000;
      const rates = `${long?.toFixed(2) ?? "no data"}/s over ${longSeconds}s, ${current?.toFixed(2) ?? "no data"}/s now`;
      if (clean || waited >= longSeconds + 15 || signal.aborted) {
        const detail = clean ? `long window clean (${rates})` : `long window still diluted (${rates}); went on`;
        waits.push({ slo: slo.name, waitedSeconds: Number(waited.toFixed(0)), clean, detail });
        timeline.log("probe", `${slo.name}: ${detail}${waited >= 1 ? ` after waiting ${waited.toFixed(0)}s` : ""}`);
        break;
      }
      if (Date.now() - lastSaid >= PROGRESS_EVERY_MS) {
        timeline.log("probe", `${slo.name}: waiting for earlier traffic to leave the page's long window (${rates})`);
        lastSaid = Date.now();
      }
      await sleep(5, signal);
    }
  }
  return waits;
}
