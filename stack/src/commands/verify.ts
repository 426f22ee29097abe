import { checkOrders, checkPayments, checkStock, report, type VerifyReport } from "../verify/checks.js";
import { consumerLag, readAuthorizedCents, readLandedEvents, readOrders, readStock } from "../verify/collect.js";
import { formatElapsed, say } from "../progress.js";
import { UsageError } from "../usage.js";

const POLL_MS = 1_000;

export function parseDrainSeconds(value: string | undefined): number {
  if (value === undefined) return 120;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new UsageError(`--drain-timeout must be whole seconds, got '${value}'`);
  return seconds;
}

/** Waits until no order is PENDING and every consumer group has caught up, or the timeout passes. */
async function drain(timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const pending = (await readOrders()).filter((o) => o.status === "PENDING").length;
    const lag = await consumerLag();
    if (pending === 0 && lag === 0) return;
    if (Date.now() - started >= timeoutMs) return say("verify", `not drained: ${pending} pending, ${lag} behind`);
    say(
      "verify",
      `draining: ${pending} orders pending, consumers ${lag} records behind (${formatElapsed(Date.now() - started)})`,
    );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function runVerify(drainTimeoutMs: number): Promise<VerifyReport> {
  await drain(drainTimeoutMs);
  const [orders, landed, stock, authorized] = await Promise.all([
    readOrders(),
    readLandedEvents(),
    readStock(),
    readAuthorizedCents(),
  ]);
  const pending = orders.filter((o) => o.status === "PENDING").length;
  return report(orders.length, [
    ...checkOrders(orders, landed),
    ...checkStock(stock, pending),
    ...checkPayments(orders, authorized),
  ]);
}

export async function verify(json: boolean, drainTimeout: string | undefined): Promise<number> {
  const result = await runVerify(parseDrainSeconds(drainTimeout) * 1000);
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
    process.stdout.write(result.valid ? "verify: clean\n" : "verify: FAILED\n");
  }
  return result.valid ? 0 : 1;
}
