import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureCapacity } from "../bench/capacity.js";
import { capacityOptions } from "../bench/options.js";
import { capacityMarkdown } from "../bench/report.js";
import { stackPaths } from "../native/paths.js";
import { UsageError } from "../util/usage.js";

/**
 * firebreak bench capacity [--rates OPS,OPS] [--duration D] [--variant NAME=VALUE] [--rounds N]: pgbench
 * anchors, then constant-rate plateaus with marginal CPU per order, for the baseline stack and its variant,
 * each measured N times in alternation.
 */
export async function bench(
  what: string | undefined,
  options: { rate?: string; rates?: string; duration?: string; variant?: string; rounds?: string },
): Promise<number> {
  if (what !== "capacity") throw new UsageError(`unknown benchmark '${what ?? ""}': expected capacity`);
  if (options.rate !== undefined) {
    throw new UsageError(
      "bench capacity runs plateaus at constant rates: use --rates OPS,OPS (e.g. --rates 60,120,240)",
    );
  }
  const report = await measureCapacity(capacityOptions(options));
  const dir = join(stackPaths().state, "bench");
  mkdirSync(dir, { recursive: true });
  const stamp = report.measuredAt.replace(/[-:]/g, "").replace(/\..*/, "");
  writeFileSync(join(dir, `capacity-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `capacity-${stamp}.md`), capacityMarkdown(report));
  process.stdout.write(`${capacityMarkdown(report)}\nJSON and markdown: ${join(dir, `capacity-${stamp}.*`)}\n`);
  return 0;
}
