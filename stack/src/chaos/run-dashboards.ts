import { dashboardUrl } from "../generate/dashboards/links.js";
import type { Journal } from "./journal.js";

/** Minutes either side of the run, so the dashboards show the steady state before and after. */
const MARGIN_MS = 5 * 60 * 1000;
const WATCH = [
  { uid: "firebreak-slo-overview", title: "SLO overview" },
  { uid: "firebreak-saga-pipeline", title: "Saga and CDC pipeline" },
];

/** The dashboards to watch a run on, each opened in Perses on the run's window. */
export function runDashboards(journal: Journal): { title: string; url: string }[] {
  const from = new Date(Date.parse(journal.startedAt) - MARGIN_MS);
  const to = new Date(Date.parse(journal.endedAt) + MARGIN_MS);
  return WATCH.map(({ uid, title }) => ({ title, url: dashboardUrl({ uid, from, to }) }));
}
