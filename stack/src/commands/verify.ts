import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  checkAcknowledged,
  checkOrders,
  checkPayments,
  checkStock,
  report,
  type ClientView,
  type VerifyReport,
} from "../verify/checks.js";
import {
  consumerLag,
  readAuthorizedCents,
  readLandedEvents,
  readOrders,
  readOrdersOfKeys,
  readStock,
} from "../verify/collect.js";
import { loadDir } from "../load/run.js";
import { readAcknowledgements } from "../load/summary.js";
import { stackPaths } from "../paths.js";
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
    process.stdout.write(result.valid ? "verify: clean\n" : "verify: FAILED\n");
  }
  return result.valid ? 0 : 1;
}
