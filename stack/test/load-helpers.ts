import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../src/native/paths.js";
import { THRESHOLDS_FILE } from "../src/load/thresholds.js";

/** "metric threshold" for every threshold in the committed, generated thresholds file. */
export function readThresholdsFile(): string[] {
  const { thresholds } = JSON.parse(readFileSync(join(REPO_ROOT, THRESHOLDS_FILE), "utf8")) as {
    thresholds: Record<string, string[]>;
  };
  return Object.entries(thresholds).flatMap(([metric, rules]) => rules.map((rule) => `${metric} ${rule}`));
}
