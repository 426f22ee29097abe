import { recordedAlerts } from "../clients/alertmanager.js";
import { UsageError } from "../util/usage.js";

/** firebreak alerts [--since <ISO time>] [--json]: what Alertmanager notified, as the recorder received it. */
export async function alerts(since: string | undefined, json: boolean): Promise<number> {
  if (since !== undefined && Number.isNaN(Date.parse(since))) {
    throw new UsageError(`bad --since '${since}': expected an ISO 8601 time, e.g. 2026-11-22T10:00:00Z`);
  }
  const recorded = await recordedAlerts(since === undefined ? undefined : new Date(since));
  if (json) {
    process.stdout.write(`${JSON.stringify(recorded, null, 2)}\n`);
    return 0;
  }
  for (const alert of recorded) {
    process.stdout.write(
      `${alert.receivedAt}  ${alert.receiver.padEnd(6)}  ${alert.status.padEnd(8)}  ${alert.alertname}\n`,
    );
    // Where to look and what to do, for an alert that is firing.
    const { dashboard_url: dashboard, runbook_url: runbook } = alert.annotations ?? {};
    if (alert.status === "firing" && dashboard) process.stdout.write(`    dashboard: ${dashboard}\n`);
    if (alert.status === "firing" && runbook) process.stdout.write(`    runbook:   ${runbook}\n`);
  }
  return 0;
}
