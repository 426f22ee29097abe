import { writeSloRules } from "../slo/generate.js";
import { SpecError } from "../slo/spec.js";
import { UsageError } from "../util/usage.js";

export function parseCompression(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const factor = Number(value);
  if (!Number.isInteger(factor) || factor < 2 || factor > 3600) {
    throw new UsageError(`--drill-compression must be a whole number from 2 to 3600, got '${value}'`);
  }
  return factor;
}

export async function slo(subcommand: string | undefined, compression: string | undefined): Promise<number> {
  if (subcommand !== "generate")
    throw new UsageError(`unknown slo command '${subcommand ?? ""}': expected 'slo generate'`);
  try {
    for (const file of writeSloRules(parseCompression(compression))) process.stdout.write(`wrote ${file}\n`);
  } catch (error) {
    if (error instanceof SpecError) throw new UsageError(`invalid SLO spec: ${error.message}`);
    throw error;
  }
  return 0;
}
