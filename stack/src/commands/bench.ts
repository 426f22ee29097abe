import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { capacityMarkdown, measureCapacity } from "../bench/capacity.js";
import { parseDuration, parseRate } from "../load/run.js";
import { stackPaths } from "../paths.js";
import { UsageError } from "../usage.js";

/** firebreak bench capacity [--duration D] [--rate CEILING]: pgbench's ceiling, then the breakpoint with tracing on and off. */
export async function bench(what: string | undefined, options: { duration?: string; rate?: string }): Promise<number> {
  if (what !== "capacity") throw new UsageError(`unknown benchmark '${what ?? ""}': expected capacity`);
  const breakpointSeconds = options.duration === undefined ? 600 : parseDuration(options.duration);
  if (breakpointSeconds < 30)
    throw new UsageError(`bench capacity needs --duration of at least 30s, got '${options.duration}'`);
  const ceilingOps = options.rate === undefined ? 600 : parseRate(options.rate);
  const report = await measureCapacity({ pgbenchSeconds: 60, breakpointSeconds, ceilingOps });
  const dir = join(stackPaths().state, "bench");
  mkdirSync(dir, { recursive: true });
  const stamp = report.measuredAt.replace(/[-:]/g, "").replace(/\..*/, "");
  writeFileSync(join(dir, `capacity-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `capacity-${stamp}.md`), capacityMarkdown(report));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n${capacityMarkdown(report)}`);
  return 0;
}
