/** The newcomer's account of a run, in plain sentences: the CLI prints them, the HTML report lists them. */
import type { AlertRecord, Journal, Series } from "./journal.js";
import {
  failedExpectations,
  formatCount,
  formatPercent,
  formatSeconds,
  formatValue,
  humanWords,
  secondsBetween,
} from "./report-format.js";

export const RUNBOOKS_DIR = "observability/runbooks";

interface Span {
  start: string;
  end: string;
}

export function explain(journal: Journal): string[] {
  return [
    verdictSentence(journal),
    ...faultSentences(journal),
    ...impactSentences(journal),
    ...budgetSentences(journal),
    ...alertSentences(journal),
    ...recoverySentences(journal),
    runbookSentence(journal),
    ...integritySentences(journal),
  ];
}

const clause = (text: string) => text.trim().replace(/[.!?]+$/, "");

const listed = (items: string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

const counted = (count: number, noun: string) => `${formatCount(count)} ${count === 1 ? noun : `${noun}s`}`;

function verdictSentence(journal: Journal): string {
  const why = journal.reason ? `: ${clause(journal.reason)}` : "";
  switch (journal.verdict) {
    case "pass": {
      const skipped = journal.expectations.filter((expectation) => expectation.skipped).length;
      return `Verdict: pass. Every expectation held${skipped ? ` (${skipped} skipped in ${journal.mode} mode)` : ""}.`;
    }
    case "fail":
      return `Verdict: fail. ${failedExpectations(journal).length} of ${journal.expectations.length} expectations did not hold${why}.`;
    case "invalid":
      return `Verdict: invalid. The system was not healthy before the fault, so the hypothesis was not tested${why}.`;
    case "error":
      return `Verdict: error. The chaos runner itself failed, so this account is incomplete${why}.`;
  }
}

/** From the first fault applied to the last one removed. */
function faultSpan(journal: Journal): Span | undefined {
  if (journal.injection) return journal.injection;
  const starts = journal.faults.map((fault) => fault.start).sort();
  const ends = journal.faults.map((fault) => fault.end).sort();
  const [start, end] = [starts[0], ends.at(-1)];
  return start && end ? { start, end } : undefined;
}

const faultNoun = (journal: Journal, which: "first" | "last") =>
  journal.faults.length > 1 ? `the ${which} fault` : "the fault";

const sinceStart = (journal: Journal, at: string) => formatSeconds(secondsBetween(journal.startedAt, at));

function faultSentences(journal: Journal): string[] {
  if (journal.faults.length === 0) return ["No fault was injected."];
  return journal.faults.map((fault) => {
    const seconds = secondsBetween(fault.start, fault.end);
    // A kill or restart is a moment, not a window: "For 0 s, orders killed" would read wrong.
    if (seconds < 1) return `At ${sinceStart(journal, fault.start)} into the run, ${clause(fault.label)}.`;
    const duration = formatSeconds(seconds);
    const when =
      journal.faults.length > 1
        ? ` (${sinceStart(journal, fault.start)} to ${sinceStart(journal, fault.end)} into the run)`
        : "";
    return `For ${duration}${when}, ${clause(fault.label)}.`;
  });
}

const valuesWhen = (series: Series, when: (at: number) => boolean) =>
  series.points.flatMap(([at, value]) => (value !== null && Number.isFinite(value) && when(at) ? [value] : []));

function median(values: number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Peak {
  series: Series;
  peak: number;
  normal: number | undefined;
}

function peaks(journal: Journal, span: Span): Peak[] {
  const start = Date.parse(span.start) / 1000;
  // SLIs are rates over a trailing window, so their peak can come after the fault is removed.
  const end = Date.parse(span.end) / 1000 + (journal.recoverySeconds ?? 0);
  return journal.series.flatMap((series) => {
    const during = valuesWhen(series, (at) => at >= start && at <= end);
    if (during.length === 0) return [];
    const peak = during.reduce((max, value) => Math.max(max, value));
    return [{ series, peak, normal: median(valuesWhen(series, (at) => at < start)) }];
  });
}

function peakPhrase({ series, peak, normal }: Peak): string {
  const highest = formatValue(peak, series.unit);
  if (normal === undefined) return `${series.name} peaked at ${highest}`;
  const usual = formatValue(normal, series.unit);
  // A peak no higher than normal is no peak: say where the series stayed instead.
  if (highest === usual) return `${series.name} stayed at its normal ${usual}`;
  if (peak < normal) return `${series.name} stayed below its normal ${usual} (at most ${highest})`;
  return `${series.name} peaked at ${highest} (normally ${usual})`;
}

/** Any failed request is felt; a response time that doubles is where people start to notice. */
const felt = ({ series, peak, normal }: Peak) =>
  series.unit === "ratio" ? peak > 0 : normal !== undefined && peak > 2 * normal;

/** The load's clients, who see a dead gateway that the gateway's own metrics cannot: their failed placements, if any. */
function clientPhrase(journal: Journal): string | undefined {
  const placements = journal.load.placements;
  if (!placements) return undefined;
  const { acknowledged, refused, unknown, succeededOnRetry } = placements;
  const how = [
    ...(unknown ? [`${formatCount(unknown)} got no answer or a 5xx even when retried`] : []),
    ...(refused ? [`${formatCount(refused)} were refused`] : []),
    ...(succeededOnRetry ? [`${formatCount(succeededOnRetry)} succeeded only when retried with the same key`] : []),
  ];
  if (how.length === 0) return undefined;
  return `of ${formatCount(acknowledged + refused + unknown)} placements by k6's clients, ${listed(how)}`;
}

function impactSentences(journal: Journal): string[] {
  const span = faultSpan(journal);
  if (!span) return [];
  const all = peaks(journal, span);
  const userFacing = all.filter((peak) => peak.series.unit === "ratio" || peak.series.unit === "s");
  const behindTheScenes = all.filter((peak) => !userFacing.includes(peak));
  const clients = clientPhrase(journal);
  const lead = userFacing.some(felt) || clients ? "Users felt it" : "Users hardly noticed";
  const seen = [...(clients ? [clients] : []), ...userFacing.map(peakPhrase)];
  return [
    ...(seen.length ? [`${lead}: ${listed(seen)}.`] : []),
    ...(behindTheScenes.length ? [`Behind the scenes, ${listed(behindTheScenes.map(peakPhrase))}.`] : []),
  ];
}

function budgetSentences(journal: Journal): string[] {
  const parts = journal.budget.map(({ slo, consumedPercent, maxPercent }) => {
    const limit =
      maxPercent === undefined
        ? ""
        : ` (${consumedPercent > maxPercent ? "more than" : "within"} the ${formatPercent(maxPercent)} the experiment allows)`;
    return `${formatPercent(consumedPercent)} of the ${humanWords(slo)} error budget${limit}`;
  });
  return parts.length ? [`The run used ${listed(parts)}.`] : [];
}

function alertSentences(journal: Journal): string[] {
  if (!journal.alerts.some((alert) => alert.firedAt)) return ["No alert fired."];
  const span = faultSpan(journal);
  return journal.alerts.map((alert) => {
    const name = `Alert ${alert.name}${alert.severity ? ` (${alert.severity})` : ""}`;
    if (!alert.firedAt) return `${name} never fired.`;
    const fired = span
      ? relativeTo(alert.firedAt, span.start, faultNoun(journal, "first"), "began")
      : intoRun(journal, alert.firedAt);
    return `${name} fired ${fired} and ${resolvedPhrase(journal, alert, span)}.`;
  });
}

const intoRun = (journal: Journal, at: string) => `${sinceStart(journal, at)} into the run`;

function relativeTo(at: string, reference: string, noun: string, verb: string): string {
  const seconds = secondsBetween(reference, at);
  return `${formatSeconds(Math.abs(seconds))} ${seconds < 0 ? "before" : "after"} ${noun} ${verb}`;
}

function resolvedPhrase(journal: Journal, alert: AlertRecord, span: Span | undefined): string {
  if (!alert.resolvedAt) return "was still firing when the run ended";
  if (!span) return `resolved ${intoRun(journal, alert.resolvedAt)}`;
  const noun = journal.faults.length > 1 ? faultNoun(journal, "last") : "it";
  const early = secondsBetween(span.end, alert.resolvedAt) < 0 ? ", while the fault was still on" : "";
  return `resolved ${relativeTo(alert.resolvedAt, span.end, noun, "ended")}${early}`;
}

function recoverySentences(journal: Journal): string[] {
  const { recoverySeconds, drainSeconds } = journal;
  const sentences: string[] = [];
  if (recoverySeconds !== undefined && faultSpan(journal)) {
    const after = `${formatSeconds(recoverySeconds)} after ${faultNoun(journal, "last")} was removed`;
    sentences.push(`The system was back within its steady-state limits ${after}.`);
  }
  if (drainSeconds !== undefined)
    sentences.push(`Every backlog was drained ${formatSeconds(drainSeconds)} after the load stopped.`);
  return sentences;
}

export const runbookPath = (file: string) => `${RUNBOOKS_DIR}/${file}`;

function runbookSentence(journal: Journal): string {
  const { runbook } = journal.experiment.story;
  return runbook
    ? `If this happens in production, follow the runbook ${runbookPath(runbook)}.`
    : "No runbook applies to this experiment.";
}

function integritySentences(journal: Journal): string[] {
  if (!journal.integrity) return ["Whether any order was lost was not checked."];
  const { acknowledged, lost, unexpected, duplicated, stuck } = journal.integrity;
  const sentences = [lossSentence(acknowledged, lost)];
  if (unexpected > 0)
    sentences.push(
      `${counted(unexpected, "order")} ${unexpected === 1 ? "exists that was" : "exist that were"} never acknowledged: the client saw an error or a timeout, yet the order went through.`,
    );
  if (duplicated > 0)
    sentences.push(`${counted(duplicated, "order")} ${duplicated === 1 ? "was" : "were"} recorded more than once.`);
  if (stuck > 0) sentences.push(`${counted(stuck, "order")} never reached a final state.`);
  return sentences;
}

function lossSentence(acknowledged: number, lost: number): string {
  if (lost > 0)
    return `${formatCount(lost)} of ${counted(acknowledged, "acknowledged order")} ${lost === 1 ? "was" : "were"} lost: the client was told the order was placed, but it does not exist.`;
  if (acknowledged === 0) return "No order was acknowledged, so none could be lost.";
  if (acknowledged === 1) return "Nothing was lost: the one acknowledged order exists.";
  return `Nothing was lost: all ${counted(acknowledged, "acknowledged order")} exist.`;
}
