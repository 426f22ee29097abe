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
 * firebreak drill [experiment]: the stack up, load, one experiment with the drill-variant alerts
 * enforced, then the report, explained for a newcomer.
 */
export async function drill(name: string | undefined): Promise<number> {
  const experiment = resolveExperiment(name ?? DEFAULT_DRILL);
  const upCode = await startStack("full", true);
  if (upCode !== 0) return upCode;
  const [journal] = await runExperiments([experiment], { drill: true });
  if (!journal) return 1;
  const dir = writeReports([journal]);
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`\n== Drill: ${journal.experiment.title} — ${journal.verdict.toUpperCase()} ==\n`);
  out(`Hypothesis: ${journal.experiment.hypothesis}\n`);
  out("What happened:");
  for (const sentence of explain(journal)) out(`  - ${sentence}`);
  out(`\nWhat happens inside: ${journal.experiment.story.inside}`);
  out(`\nWhere to look: ${journal.experiment.story.watch}`);
  for (const { title, url } of runDashboards(journal)) out(`  ${title} on this run's window: ${url}`);
  out(`\nAlerts: ${journal.experiment.story.alerts}`);
  if (journal.experiment.story.runbook) {
    out(
      `\nRunbook: ${relative(process.cwd(), join(REPO_ROOT, "observability", "runbooks", journal.experiment.story.runbook))}`,
    );
  }
  out(
    `\nReport: ${relative(process.cwd(), join(dir, "report.html"))} (JUnit: junit.xml, journal: ${journal.experiment.id}.journal.json)`,
  );
  return journal.verdict === "pass" ? 0 : 1;
}
