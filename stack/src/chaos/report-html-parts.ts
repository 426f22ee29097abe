/** The pieces of the HTML report: tables, badges, the story with its links, the timeline. */
import type { Journal } from "./journal.js";
import { runbookPath } from "./report-explain.js";
import { escapeAttribute, escapeText, runOffset } from "./report-format.js";
import { runDashboards } from "./run-dashboards.js";

/** Reports land in .firebreak/chaos/<run>/, three directories below the repository root. */
const RUNBOOK_HREF_PREFIX = "../../../";

/** A cell is text (escaped here) or markup built by this module. */
export type Cell = string | number | { html: string };

const cell = (value: Cell) => (typeof value === "object" ? value.html : escapeText(String(value)));

export function table(headers: string[], rows: Cell[][]): string {
  if (rows.length === 0) return `<p class="meta">None.</p>`;
  const head = headers.map((header) => `<th>${escapeText(header)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((value) => `<td>${cell(value)}</td>`).join("")}</tr>`);
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body.join("\n")}\n</tbody></table>`;
}

export const badge = (outcome: string) => ({
  html: `<span class="badge ${escapeAttribute(outcome)}">${escapeText(outcome)}</span>`,
});

export const runbookLink = (file: string) => {
  const path = escapeText(runbookPath(file));
  return `<a href="${escapeAttribute(RUNBOOK_HREF_PREFIX + runbookPath(file))}">${path}</a>`;
};

/** The sentence names the runbook by its repository path; in the page that path becomes a link. */
export function linkRunbook(sentence: string, runbook: string | undefined): string {
  const escaped = escapeText(sentence);
  if (!runbook) return escaped;
  return escaped.replace(escapeText(runbookPath(runbook)), () => runbookLink(runbook));
}

export function story(journal: Journal): string {
  const { inside, watch, alerts, runbook } = journal.experiment.story;
  const entries: [string, string][] = [
    ["Inside the system", escapeText(inside)],
    ["What to watch", `${escapeText(watch)}<br>${dashboardLinks(journal)}`],
    ["Alerts", escapeText(alerts)],
    ["Runbook", runbook ? runbookLink(runbook) : "none"],
  ];
  return `<h3>The story</h3><dl>${entries.map(([term, html]) => `<dt>${escapeText(term)}</dt><dd>${html}</dd>`).join("")}</dl>`;
}

/** Perses opens each dashboard on the run's window. */
function dashboardLinks(journal: Journal): string {
  const links = runDashboards(journal).map(
    ({ title, url }) => `<a href="${escapeAttribute(url)}">${escapeText(title)}</a>`,
  );
  return `On this run's window: ${links.join(" · ")}`;
}

export function timeline(journal: Journal): string {
  const items = journal.timeline.map(
    (entry) =>
      `<li><time datetime="${escapeAttribute(entry.at)}">${escapeText(runOffset(journal, entry.at))}</time> ` +
      `<strong>${escapeText(entry.kind)}</strong> ${escapeText(entry.message)}</li>`,
  );
  return items.length ? `<ol class="timeline">\n${items.join("\n")}\n</ol>` : `<p class="meta">Empty.</p>`;
}
