import { pollSettled } from "@firebreak/platform";
import {
  report,
  checkAcknowledged,
  checkOrders,
  checkSold,
  checkStock,
  type ClientView,
  type VerifyReport,
} from "./checks.js";
import {
  isDrained,
  readBacklog,
  readConfirmedUnits,
  readLandedEvents,
  readOrders,
  readOrdersOfKeys,
  readPayments,
  readProviderLedger,
  readReservations,
  readStock,
  type Backlog,
} from "./collect.js";
import { checkPayments } from "./payments-check.js";
import { checkReservations } from "./reservations-check.js";
import { readPipelineHealth, type PipelineHealth } from "./pipeline-health.js";
import { loadDir } from "../load/run.js";
import { readAcknowledgements } from "../load/summary.js";
import { formatElapsed, say } from "../util/progress.js";

const POLL_MS = 1_000;

/** Waits until no order is PENDING, every consumer group has caught up and every void is confirmed, or the timeout passes. */
async function drain(timeoutMs: number): Promise<void> {
  const started = Date.now();
  const describe = ({ pending, lag, voids }: Backlog) =>
    `${pending} orders pending, consumers ${lag} records behind, ${voids} voids unconfirmed`;
  const { settled, last } = await pollSettled(
    readBacklog,
    (backlog) => {
      if (isDrained(backlog)) return true;
      if (timeoutMs > 0) say("verify", `draining: ${describe(backlog)} (${formatElapsed(Date.now() - started)})`);
      return false;
    },
    { timeoutMs, intervalMs: POLL_MS },
  );
  if (!settled) say("verify", `not drained: ${describe(last!)}`);
}

/**
 * Drains, then checks every order, the stock, the payments and, with a load test id, what its clients
 * were told; and reports the pipeline's dead letters and replication slots alongside.
 */
export async function runVerify(
  drainTimeoutMs: number,
  loadTestId?: string,
): Promise<VerifyReport & { pipeline: PipelineHealth }> {
  await drain(drainTimeoutMs);
  const [orders, landed, stock, payments, ledger, confirmedUnits, reservations, pipeline] = await Promise.all([
    readOrders(),
    readLandedEvents(),
    readStock(),
    readPayments(),
    readProviderLedger(),
    readConfirmedUnits(),
    readReservations(),
    readPipelineHealth(),
  ]);
  const pending = orders.filter((o) => o.status === "PENDING").length;
  const clientFindings = loadTestId
    ? checkAcknowledged(
        readAcknowledgements(loadDir(loadTestId)) as ClientView,
        new Set(orders.map((o) => o.id)),
        await readOrdersOfKeys(loadTestId),
      )
    : [];
  const checked = report(orders.length, [
    ...checkOrders(orders, landed),
    ...checkStock(stock, pending),
    ...checkSold(stock, confirmedUnits, pending),
    ...checkPayments(orders, payments, ledger),
    ...checkReservations(orders, reservations),
    ...clientFindings,
  ]);
  return { ...checked, pipeline };
}
