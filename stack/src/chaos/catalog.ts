import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadExperiment, type Experiment } from "./experiment.js";
import { REPO_ROOT } from "../native/paths.js";
import { UsageError } from "../util/usage.js";

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
