/** The newcomer's account of a run, in plain sentences: the CLI prints them, the HTML report lists them. */
import type { AlertRecord, Journal } from "./journal.js";
import { failedExpectations, formatCount, formatPercent, formatSeconds, secondsBetween } from "./report-format.js";
import { humanWords } from "./report-readable.js";
import { faultSpan, impactSentences, listed, type Span } from "./report-impact.js";

export const RUNBOOKS_DIR = "observability/runbooks";

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
