import { relative } from "node:path";
import { experimentFiles, resolveExperiment } from "../chaos/catalog.js";
import type { Journal } from "../chaos/journal.js";
import type { Experiment } from "../chaos/experiment.js";
import { stackTopology } from "../native/kafka-topology.js";
import { proxies } from "../chaos/links.js";
import { explain } from "../chaos/report-explain.js";
import { driverFor, runExperiments, writeReports, type ChaosOptions } from "../chaos/suite.js";
import { UsageError } from "../util/usage.js";

/** What --json prints of a run: each experiment's verdict and explanation, and where the reports are. */
export function outcomeJson(journals: Journal[], dir: string) {
  return {
    reports: dir,
    experiments: journals.map((journal) => ({
      id: journal.experiment.id,
      verdict: journal.verdict,
      explained: explain(journal),
    })),
  };
}

function printOutcome(journals: Journal[], dir: string): void {
  process.stdout.write("\n");
  for (const journal of journals) {
    process.stdout.write(`${journal.verdict.toUpperCase().padEnd(8)} ${journal.experiment.id}\n`);
    for (const sentence of explain(journal)) process.stdout.write(`         ${sentence}\n`);
  }
  process.stdout.write(`\nreports: ${relative(process.cwd(), dir) || dir}/report.html, junit.xml\n`);
}

/**
 * The experiments the running stack can take: with --all, those of its profile; a named one of another
 * profile is a usage error that says how to get a stack it runs on.
 */
function forRunningProfile(experiments: Experiment[], running: "full" | "ha", all: boolean): Experiment[] {
  if (all) return experiments.filter((experiment) => experiment.profile === running);
  const other = experiments.find((experiment) => experiment.profile !== running);
  if (other) {
    throw new UsageError(
      `${other.id} runs on the ${other.profile} profile, and this stack runs ${running}: ` +
        `run 'firebreak down --volumes' and 'firebreak up --profile ${other.profile} --wait' first`,
    );
  }
  return experiments;
}

/** firebreak chaos run <experiment>|--all [--drill] [--stack native|compose], chaos list, chaos validate; --json. */
export async function chaos(args: string[], options: ChaosOptions & { json?: boolean }): Promise<number> {
  const [sub, ...names] = args;
  if (sub === "list" || sub === "validate") {
    const experiments = (names.length > 0 ? names : experimentFiles()).map(resolveExperiment);
    const listed = experiments.map(({ id, title }) => ({ id, title }));
    if (options.json) process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
    else for (const e of listed) process.stdout.write(`${e.id.padEnd(28)} ${e.title}\n`);
    return 0;
  }
  if (sub !== "run") throw new UsageError(`unknown chaos command '${sub ?? ""}': expected run, list or validate`);
  if (options.all === names.length > 0) throw new UsageError("chaos run needs experiment names or --all, not both");
  driverFor(options.stack);
  if (proxies() === "bypass") {
    throw new UsageError(
      "chaos run injects faults through Toxiproxy: unset FIREBREAK_PROXIES=bypass and restart the stack",
    );
  }
  const experiments = forRunningProfile(
    (options.all ? experimentFiles() : names).map(resolveExperiment),
    options.stack === "compose" ? "full" : stackTopology() === "ha" ? "ha" : "full",
    options.all === true,
  );
  const journals = await runExperiments(experiments, options);
  const dir = writeReports(journals);
  if (options.json) process.stdout.write(`${JSON.stringify(outcomeJson(journals, dir), null, 2)}\n`);
  else printOutcome(journals, dir);
  return journals.length === experiments.length && journals.every((j) => j.verdict === "pass") ? 0 : 1;
}
