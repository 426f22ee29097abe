import { setTimeout as sleep } from "node:timers/promises";
import {
  report,
  checkAcknowledged,
  checkOrders,
  checkPayments,
  checkStock,
  type ClientView,
  type VerifyReport,
} from "./checks.js";
import {
  consumerLag,
  readAuthorizedCents,
  readLandedEvents,
  readOrders,
  readOrdersOfKeys,
  readStock,
} from "./collect.js";
import { loadDir } from "../load/run.js";
import { readAcknowledgements } from "../load/summary.js";
import { formatElapsed, say } from "../progress.js";

const POLL_MS = 1_000;

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
    await sleep(POLL_MS);
  }
}

/** Drains, then checks every order, the stock, the payments and, with a load test id, what its clients were told. */
export async function runVerify(drainTimeoutMs: number, loadTestId?: string): Promise<VerifyReport> {
  await drain(drainTimeoutMs);
  const [orders, landed, stock, authorized] = await Promise.all([
    readOrders(),
    readLandedEvents(),
    readStock(),
    readAuthorizedCents(),
  ]);
  const pending = orders.filter((o) => o.status === "PENDING").length;
  const clientFindings = loadTestId
    ? checkAcknowledged(
        readAcknowledgements(loadDir(loadTestId)) as ClientView,
        new Set(orders.map((o) => o.id)),
        await readOrdersOfKeys(loadTestId),
      )
    : [];
  return report(orders.length, [
    ...checkOrders(orders, landed),
    ...checkStock(stock, pending),
    ...checkPayments(orders, authorized),
    ...clientFindings,
  ]);
}
