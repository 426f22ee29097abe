import { join, relative } from "node:path";
import { explain } from "../chaos/report-explain.js";
import { REPO_ROOT } from "../native/paths.js";
import { resolveExperiment } from "../chaos/catalog.js";
import { runDashboards } from "../chaos/run-dashboards.js";
import { runExperiments, writeReports } from "../chaos/suite.js";
import { startStack } from "../native/start.js";

/** The drill `npm start` runs when no experiment is named: an outage every on-call engineer meets. */
export const DEFAULT_DRILL = "postgres-down";

/**
 * firebreak drill [experiment] [--json]: the stack up, load, one experiment with the drill-variant alerts
 * enforced, then the report, explained for a newcomer.
 */
export async function drill(name: string | undefined, json = false): Promise<number> {
  const experiment = resolveExperiment(name ?? DEFAULT_DRILL);
  const upCode = await startStack("full", true);
  if (upCode !== 0) return upCode;
  const [journal] = await runExperiments([experiment], { drill: true });
  if (!journal) return 1;
  const dir = writeReports([journal]);
  const { story } = journal.experiment;
  const runbook = story.runbook
    ? relative(process.cwd(), join(REPO_ROOT, "observability", "runbooks", story.runbook))
    : undefined;
  const report = relative(process.cwd(), join(dir, "report.html"));
  if (json) {
    const outcome = {
      experiment: journal.experiment.id,
      title: journal.experiment.title,
      verdict: journal.verdict,
      hypothesis: journal.experiment.hypothesis,
      explained: explain(journal),
      dashboards: runDashboards(journal),
      runbook,
      report,
      journal: join(relative(process.cwd(), dir), `${journal.experiment.id}.journal.json`),
    };
    process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    return journal.verdict === "pass" ? 0 : 1;
  }
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`\n== Drill: ${journal.experiment.title} — ${journal.verdict.toUpperCase()} ==\n`);
  out(`Hypothesis: ${journal.experiment.hypothesis}\n`);
  out("What happened:");
  for (const sentence of explain(journal)) out(`  - ${sentence}`);
  out(`\nWhat happens inside: ${story.inside}`);
  out(`\nWhere to look: ${story.watch}`);
  for (const { title, url } of runDashboards(journal)) out(`  ${title} on this run's window: ${url}`);
  out(`\nAlerts: ${story.alerts}`);
  if (runbook) out(`\nRunbook: ${runbook}`);
  out(`\nReport: ${report} (JUnit: junit.xml, journal: ${journal.experiment.id}.journal.json)`);
  return journal.verdict === "pass" ? 0 : 1;
}
