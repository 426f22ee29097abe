import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadExperiment, type Experiment } from "../chaos/experiment.js";
import type { Journal } from "../chaos/journal.js";
import { proxies } from "../chaos/links.js";
import { composeDriver, nativeDriver } from "../chaos/processes.js";
import { explain } from "../chaos/report-explain.js";
import { htmlReport } from "../chaos/report-html.js";
import { junitXml } from "../chaos/report-junit.js";
import { runExperiment } from "../chaos/runner.js";
import { REPO_ROOT, stackPaths } from "../paths.js";
import { UsageError } from "../usage.js";

export const EXPERIMENTS_DIR = join(REPO_ROOT, "chaos", "experiments");

export function experimentFiles(): string[] {
  return readdirSync(EXPERIMENTS_DIR)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => join(EXPERIMENTS_DIR, file));
}

/** An experiment by id (its file name in chaos/experiments) or by path; validated before anything runs. */
export function resolveExperiment(nameOrPath: string): Experiment {
  const byId = join(EXPERIMENTS_DIR, `${nameOrPath}.yaml`);
  if (existsSync(byId)) return loadExperiment(byId);
  if (existsSync(nameOrPath)) return loadExperiment(nameOrPath);
  const known = experimentFiles().map((file) => file.replace(/^.*\/|\.yaml$/g, ""));
  throw new UsageError(`unknown experiment '${nameOrPath}': expected a file or one of ${known.join(", ")}`);
}

export interface ChaosOptions {
  all?: boolean;
  drill?: boolean;
  stack?: string;
}

function driverFor(stack: string | undefined) {
  if (stack === undefined || stack === "native") return nativeDriver;
  if (stack === "compose") return composeDriver;
  throw new UsageError(`bad --stack '${stack}': expected native or compose`);
}

/** Writes each journal, the JUnit XML and the HTML report of one run of one or more experiments. */
export function writeReports(journals: Journal[]): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  const dir = join(stackPaths().state, "chaos", stamp);
  mkdirSync(dir, { recursive: true });
  for (const journal of journals) {
    writeFileSync(join(dir, `${journal.experiment.id}.journal.json`), `${JSON.stringify(journal, null, 2)}\n`);
  }
  writeFileSync(join(dir, "junit.xml"), junitXml(journals));
  writeFileSync(join(dir, "report.html"), htmlReport(journals));
  return dir;
}

export async function runExperiments(experiments: Experiment[], options: ChaosOptions): Promise<Journal[]> {
  const driver = driverFor(options.stack);
  const interrupted = new AbortController();
  const onSignal = () => interrupted.abort();
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  const journals: Journal[] = [];
  try {
    for (const experiment of experiments) {
      if (interrupted.signal.aborted) break;
      const mode = options.drill ? "drill" : "ci";
      journals.push(await runExperiment(experiment, { mode, driver, signal: interrupted.signal }));
    }
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  }
  return journals;
}

export function printOutcome(journals: Journal[], dir: string): void {
  process.stdout.write("\n");
  for (const journal of journals) {
    process.stdout.write(`${journal.verdict.toUpperCase().padEnd(8)} ${journal.experiment.id}\n`);
    for (const sentence of explain(journal)) process.stdout.write(`         ${sentence}\n`);
  }
  process.stdout.write(`\nreports: ${relative(process.cwd(), dir) || dir}/report.html, junit.xml\n`);
}

/** firebreak chaos run <experiment>|--all [--drill] [--stack native|compose], chaos list, chaos validate. */
export async function chaos(args: string[], options: ChaosOptions): Promise<number> {
  const [sub, ...names] = args;
  if (sub === "list" || sub === "validate") {
    const experiments = (names.length > 0 ? names : experimentFiles()).map(resolveExperiment);
    for (const e of experiments) process.stdout.write(`${e.id.padEnd(28)} ${e.title}\n`);
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
  const experiments = (options.all ? experimentFiles() : names).map(resolveExperiment);
  const journals = await runExperiments(experiments, options);
  const dir = writeReports(journals);
  printOutcome(journals, dir);
  return journals.length === experiments.length && journals.every((j) => j.verdict === "pass") ? 0 : 1;
}
