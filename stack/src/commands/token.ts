import { randomUUID } from "node:crypto";
import { devToken, ensureProbeToken } from "../credentials/dev-token.js";
import { HOST, PORTS } from "../native/ports.js";
import { syntheticCustomers } from "../native/seed.js";
import { UsageError } from "../util/usage.js";

const SUBJECT = /^[\w.-]{1,64}$/;

/**
 * A customer's dev token, or with --operator one that may read every customer's data and analytics; with
 * --curl, a ready command that places an order as that customer through the gateway.
 */
export async function token(customer: string | undefined, operator = false, curl = false): Promise<number> {
  if (operator && curl) throw new UsageError("token --curl places an order as a customer: drop --operator");
  if (operator && customer !== undefined) throw new UsageError("token takes --customer or --operator, not both");
  const subject = operator ? "operator" : (customer ?? (await syntheticCustomers(1))[0]!);
  if (!SUBJECT.test(subject))
    throw new UsageError(`--customer must be 1-64 letters, digits, '.', '_' or '-', got '${subject}'`);
  const jwt = await devToken(subject, { operator });
  process.stdout.write(curl ? placeOrderCommand(jwt, subject) : `${jwt}\n`);
  // Compose users run this before `docker compose up`: the blackbox exporter mounts the probe's token.
  await ensureProbeToken();
  return 0;
}

function placeOrderCommand(jwt: string, customer: string): string {
  const body = JSON.stringify({ customerId: customer, items: [{ productId: "sku-espresso", quantity: 1 }] });
  return [
    `curl -sS -H 'authorization: Bearer ${jwt}' -H 'content-type: application/json' \\`,
    `  -H 'idempotency-key: ${randomUUID()}' \\`,
    `  -d '${body}' \\`,
    `  http://${HOST}:${PORTS.gateway}/api/v1/orders`,
    "",
  ].join("\n");
}
