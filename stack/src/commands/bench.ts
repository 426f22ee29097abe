import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureCapacity } from "../bench/capacity.js";
import { capacityOptions } from "../bench/options.js";
import { capacityMarkdown } from "../bench/report.js";
import { planCapacity } from "../bench/plan.js";
import { inputsFromReport, parseOpsPerDay } from "../bench/plan-options.js";
import { inputsList, planTable } from "../bench/plan-render.js";
import { stackPaths } from "../native/paths.js";
import { UsageError } from "../util/usage.js";

/**
 * firebreak bench plan [--ops-per-day N] [--report FILE] [--json]: what each part of the platform needs
 * at that volume's peak, from the committed measured costs or a capacity report's.
 */
function plan(options: { opsPerDay?: string; report?: string; json?: boolean }): number {
  const inputs = inputsFromReport(options.report);
  const result = planCapacity(parseOpsPerDay(options.opsPerDay), inputs);
  const text = options.json
    ? JSON.stringify({ inputs, plan: result }, null, 2)
    : `${planTable([result])}\n\n${inputsList(inputs)}`;
  process.stdout.write(`${text}\n`);
  return 0;
}

/**
 * firebreak bench capacity [--rates OPS,OPS] [--duration D] [--variant NAME=VALUE] [--rounds N] [--json]: pgbench
 * anchors, then constant-rate plateaus with marginal CPU per order, for the baseline stack and its variant,
 * each measured N times in alternation.
 */
export async function bench(
  what: string | undefined,
  options: {
    rates?: string;
    duration?: string;
    variant?: string;
    rounds?: string;
    json?: boolean;
    opsPerDay?: string;
    report?: string;
  },
): Promise<number> {
  if (what === "plan") return plan(options);
  if (what !== "capacity") throw new UsageError(`unknown benchmark '${what ?? ""}': expected capacity or plan`);
  const report = await measureCapacity(capacityOptions(options));
  const dir = join(stackPaths().state, "bench");
  mkdirSync(dir, { recursive: true });
  const stamp = report.measuredAt.replace(/[-:]/g, "").replace(/\..*/, "");
  writeFileSync(join(dir, `capacity-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `capacity-${stamp}.md`), capacityMarkdown(report));
  const saved = `JSON and markdown: ${join(dir, `capacity-${stamp}.*`)}`;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`${saved}\n`);
  } else {
    process.stdout.write(`${capacityMarkdown(report)}\n${saved}\n`);
  }
  return 0;
}
