/** One self-contained HTML page for one or more chaos runs: no external scripts, fonts or styles. */
import type { Journal } from "./journal.js";
import { explain } from "./report-explain.js";
import {
  escapeText,
  expectationOutcome,
  formatCount,
  formatNumber,
  formatPercent,
  formatSeconds,
  formatTime,
  secondsBetween,
} from "./report-format.js";
import { formatProbeValue, humanName, readableJournal } from "./report-readable.js";
import { badge, linkRunbook, story, table, timeline, type Cell } from "./report-html-parts.js";
import { seriesPlot } from "./report-svg.js";

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; color: #111827; max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
h2 { margin-top: 3rem; border-bottom: 1px solid #e5e7eb; } h3 { margin-top: 1.75rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
.badge { display: inline-block; padding: .05rem .6rem; border-radius: 1rem; font-size: .8em; color: #fff; vertical-align: middle; }
.pass { background: #15803d; } .fail { background: #b91c1c; } .invalid, .skipped { background: #b45309; } .error { background: #6d28d9; }
.meta { color: #6b7280; } .reason { background: #fef2f2; padding: .5rem .8rem; border-left: 4px solid #b91c1c; }
.plot { max-width: 100%; height: auto; display: block; margin: 1rem 0; }
.timeline { font-family: ui-monospace, monospace; font-size: 13px; list-style: none; padding: 0; } .timeline time { color: #6b7280; }
`;

export function htmlReport(runs: Journal[]): string {
  const journals = runs.map(readableJournal);
  const [only] = journals;
  const title = journals.length === 1 && only ? `Chaos run: ${only.experiment.title}` : `${journals.length} chaos runs`;
  return [
    `<!doctype html>`,
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeText(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeText(title)}</h1>`,
    journals.length > 1 ? summary(journals) : "",
    ...journals.map(runSection),
    `</body></html>`,
    "",
  ].join("\n");
}

function summary(journals: Journal[]): string {
  const rows = journals.map((journal, index): Cell[] => [
    { html: `<a href="#run-${index + 1}">${escapeText(journal.experiment.id)}</a>` },
    badge(journal.verdict),
    journal.budget.map((budget) => `${humanName(budget.slo)} ${formatPercent(budget.consumedPercent)}`).join(", ") ||
      "—",
    journal.recoverySeconds === undefined ? "—" : formatSeconds(journal.recoverySeconds),
    journal.integrity ? `${formatCount(journal.integrity.lost)} / ${formatCount(journal.integrity.unexpected)}` : "—",
  ]);
  return table(["Experiment", "Verdict", "Budget consumed", "Recovery", "Lost / unexpected"], rows);
}

function runSection(journal: Journal, index: number): string {
  const { experiment } = journal;
  const duration = formatSeconds(secondsBetween(journal.startedAt, journal.endedAt));
  const { profile, ratePerSecond } = journal.load;
  const load = `${profile}${ratePerSecond === undefined ? "" : ` at ${formatNumber(ratePerSecond)}/s`}`;
  const when = `${formatTime(journal.startedAt)} → ${formatTime(journal.endedAt)} (${duration})`;
  const meta = `${experiment.id} · ${experiment.file} · ${journal.mode} mode · load ${load} · ${when}`;
  return [
    `<section id="run-${index + 1}">`,
    `<h2>${escapeText(experiment.title)} ${badge(journal.verdict).html}</h2>`,
    `<p class="meta">${escapeText(meta)}</p>`,
    journal.reason ? `<p class="reason">${escapeText(journal.reason)}</p>` : "",
    `<h3>Hypothesis</h3><p>${escapeText(experiment.hypothesis)}</p>`,
    `<h3>What happened</h3>`,
    `<ul>${explain(journal)
      .map((sentence) => `<li>${linkRunbook(sentence, experiment.story.runbook)}</li>`)
      .join("\n")}</ul>`,
    story(journal),
    `<h3>Expectations</h3>`,
    table(
      ["Result", "Kind", "Expectation", "Detail"],
      journal.expectations.map((e) => [badge(expectationOutcome(e)), humanName(e.kind), e.name, e.detail]),
    ),
    `<h3>Steady state before injection</h3>`,
    table(
      ["Probe", "Value", "Limit", "Result"],
      journal.steadyState.map((p) => [
        humanName(p.name),
        formatProbeValue(p.name, p.value),
        `≤ ${formatProbeValue(p.name, p.max)}`,
        badge(p.ok ? "pass" : "fail"),
      ]),
    ),
    `<h3>Error budget</h3>`,
    table(
      ["SLO", "Consumed", "Allowed"],
      journal.budget.map((b) => [
        humanName(b.slo),
        formatPercent(b.consumedPercent),
        b.maxPercent === undefined ? "—" : formatPercent(b.maxPercent),
      ]),
    ),
    `<h3>Signals</h3>`,
    journal.series.length
      ? journal.series.map((series) => seriesPlot(series, journal)).join("\n")
      : `<p class="meta">None.</p>`,
    `<h3>Timeline</h3>`,
    timeline(journal),
    `<h3>Rollback</h3>`,
    table(
      ["Action", "Result", "Error"],
      journal.rollback.map((r) => [r.action, badge(r.ok ? "pass" : "fail"), r.error ?? ""]),
    ),
    `</section>`,
  ].join("\n");
}
