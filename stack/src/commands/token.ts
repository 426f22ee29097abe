import { devToken, ensureProbeToken } from "../credentials/dev-token.js";
import { syntheticCustomers } from "../native/seed.js";
import { UsageError } from "../util/usage.js";

const SUBJECT = /^[\w.-]{1,64}$/;

/** A customer's dev token, or with --operator one that may read every customer's data and analytics. */
export async function token(customer: string | undefined, operator = false): Promise<number> {
  if (operator && customer !== undefined) throw new UsageError("token takes --customer or --operator, not both");
  const subject = operator ? "operator" : (customer ?? (await syntheticCustomers(1))[0]!);
  if (!SUBJECT.test(subject))
    throw new UsageError(`--customer must be 1-64 letters, digits, '.', '_' or '-', got '${subject}'`);
  process.stdout.write(`${await devToken(subject, { operator })}\n`);
  // Compose users run this before `docker compose up`: the blackbox exporter mounts the probe's token.
  await ensureProbeToken();
  return 0;
}
