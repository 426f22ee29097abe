import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { runVerify } from "../verify/run.js";
import { describePipelineHealth } from "../verify/pipeline-health.js";
import { stackPaths } from "../native/paths.js";
import { UsageError } from "../util/usage.js";

export function parseDrainSeconds(value: string | undefined): number {
  if (value === undefined) return 120;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new UsageError(`--drain-timeout must be whole seconds, got '${value}'`);
  return seconds;
}

/** `--load <test id>` or `--load latest`: the load test whose acknowledgements are checked too. */
export function resolveLoadRun(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const root = join(stackPaths().state, "load");
  const runs = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, "acks.log"))) : [];
  if (value === "latest") {
    const latest = runs.sort((a, b) => statSync(join(root, b)).mtimeMs - statSync(join(root, a)).mtimeMs)[0];
    if (!latest) throw new UsageError("--load latest: no load test has run on this stack yet");
    return latest;
  }
  if (!runs.includes(value)) throw new UsageError(`--load '${value}': no such load test (see ${root})`);
  return value;
}

export async function verify(json: boolean, drainTimeout: string | undefined, load?: string): Promise<number> {
  const loadTestId = resolveLoadRun(load);
  const result = await runVerify(parseDrainSeconds(drainTimeout) * 1000, loadTestId);
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  } else {
    const counts = Object.entries(result.counts)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", ");
    process.stdout.write(`${result.ordersChecked} orders checked: ${counts}\n`);
    for (const findings of Object.values(result.samples)) {
      for (const f of findings) process.stdout.write(`  ${f.kind.padEnd(10)} ${f.subject}: ${f.detail}\n`);
    }
    for (const line of describePipelineHealth(result.pipeline)) process.stdout.write(`${line}\n`);
    process.stdout.write(result.valid ? "verify: clean\n" : "verify: FAILED\n");
  }
  return result.valid ? 0 : 1;
}
