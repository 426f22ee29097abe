import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Experiment } from "./experiment.js";
import type { Journal } from "./journal.js";
import { composeDriver, nativeDriver } from "./processes.js";
import { htmlReport } from "./report-html.js";
import { junitXml } from "./report-junit.js";
import { runExperiment } from "./runner.js";
import type { Timeline } from "./timeline.js";
import { stackPaths } from "../native/paths.js";
import { UsageError } from "../util/usage.js";

export interface ChaosOptions {
  all?: boolean;
  drill?: boolean;
  stack?: string;
  /** Where the live timeline goes (by default, every entry to stderr). */
  timeline?: () => Timeline;
}

export function driverFor(stack: string | undefined) {
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
      const timeline = options.timeline?.();
      journals.push(await runExperiment(experiment, { mode, driver, signal: interrupted.signal, timeline }));
    }
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  }
  return journals;
}
