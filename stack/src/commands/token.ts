import { devToken } from "../dev-token.js";
import { UsageError } from "../usage.js";

const SUBJECT = /^[\w.-]{1,64}$/;

export async function token(customer: string | undefined): Promise<number> {
  const subject = customer ?? "customer-0001";
  if (!SUBJECT.test(subject))
    throw new UsageError(`--customer must be 1-64 letters, digits, '.', '_' or '-', got '${subject}'`);
  process.stdout.write(`${await devToken(subject)}\n`);
  return 0;
}
