import { readFileSync } from "node:fs";
import { UsageError } from "../util/usage.js";
import { PLAN_INPUTS, type PlanInputs } from "./plan-inputs.js";
import { isRun, type CapacityReport } from "./types.js";

const SUFFIXES: Record<string, number> = { "": 1, k: 1e3, m: 1e6, b: 1e9 };

/** "100M", "1B", "2.5m", "10000000": operations a day; anything else is a usage error naming it. */
export function parseOpsPerDay(text: string | undefined): number {
  if (text === undefined) return 100e6;
  const match = /^(\d+(?:\.\d+)?)\s*([kmb]?)$/i.exec(text.trim());
  const ops = match ? Number(match[1]) * SUFFIXES[match[2]!.toLowerCase()]! : Number.NaN;
  if (!(ops >= 1)) {
    throw new UsageError(`--ops-per-day '${text}' is not a number of operations a day (e.g. 100M, 1B, 25000000)`);
  }
  return ops;
}

/**
 * The committed inputs, with the CPU per order of a `bench capacity` report instead where it has one:
 * the baseline's highest plateau that held, each process the plan knows taken from its cost table.
 */
export function inputsFromReport(file: string | undefined): PlanInputs {
  if (file === undefined) return PLAN_INPUTS;
  let report: CapacityReport;
  try {
    report = JSON.parse(readFileSync(file, "utf8")) as CapacityReport;
  } catch (error) {
    throw new UsageError(`--report '${file}' is not a readable capacity report: ${(error as Error).message}`);
  }
  const held = (report.configs ?? [])
    .filter((run) => !run.variant)
    .flatMap((run) => run.plateaus.filter(isRun))
    .filter((plateau) => plateau.verdict.ok)
    .sort((a, b) => b.rate - a.rate)[0];
  if (!held) throw new UsageError(`--report '${file}' has no baseline plateau that held: nothing to plan from`);
  const costs = PLAN_INPUTS.costs.map((cost) => {
    const micros = held.costs.find((row) => row.name === cost.name)?.microsPerOrder;
    return micros === null || micros === undefined ? cost : { ...cost, microsPerOrder: micros };
  });
  const measured = `${report.measuredAt}, ${report.machine.cores} cores: the report's baseline plateau at ${held.rate} ops/s`;
  return { ...PLAN_INPUTS, measured, costs };
}
