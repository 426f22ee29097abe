import { connectClient, recoverPipeline, slotLag } from "../native/pipeline.js";
import { SERVICES_WITH_DATABASE, type ServiceWithDatabase } from "../native/service-env.js";
import { UsageError } from "../util/usage.js";

async function cdcStatus(json: boolean): Promise<number> {
  const [connectors, slots] = await Promise.all([connectClient().statuses(), slotLag()]);
  if (json) {
    process.stdout.write(JSON.stringify({ connectors, slots }, null, 2) + "\n");
    return 0;
  }
  const lines = ["CONNECTOR              STATE      TASKS"];
  for (const c of connectors) {
    const tasks = c.tasks.map((t) => `${t.id}:${t.state}`).join(" ") || "-";
    lines.push(`${c.name.padEnd(22)} ${c.connector.state.padEnd(10)} ${tasks}`);
  }
  lines.push("", "REPLICATION SLOT                 DATABASE    ACTIVE  LAG");
  for (const s of slots) {
    lines.push(`${s.slot.padEnd(32)} ${s.database.padEnd(11)} ${String(s.active).padEnd(7)} ${s.lagBytes} bytes`);
  }
  process.stdout.write(lines.join("\n") + "\n");
  return connectors.every((c) => c.connector.state === "RUNNING" && c.tasks.every((t) => t.state === "RUNNING"))
    ? 0
    : 1;
}

/** firebreak cdc recover <service> [--since TIME]: the runbook's step after a replication slot was lost. */
async function cdcRecover(service: string | undefined, since: string | undefined, json: boolean): Promise<number> {
  if (!(SERVICES_WITH_DATABASE as readonly string[]).includes(service ?? "")) {
    throw new UsageError(
      `unknown service '${service ?? ""}' for cdc recover: expected one of ${SERVICES_WITH_DATABASE.join(", ")}`,
    );
  }
  if (since !== undefined && Number.isNaN(Date.parse(since))) {
    throw new UsageError(`bad --since '${since}': expected an ISO 8601 time, e.g. 2026-11-22T10:00:00Z`);
  }
  const recovery = await recoverPipeline(service as ServiceWithDatabase, since ? new Date(since) : undefined);
  if (json) {
    process.stdout.write(JSON.stringify(recovery, null, 2) + "\n");
    return 0;
  }
  const what = recovery.since
    ? `the outbox rows written since ${recovery.since.toISOString()}`
    : "every row the outbox still holds (Connect had no stored position)";
  process.stdout.write(
    `${recovery.connector} is RUNNING on a fresh replication slot; Debezium is republishing ${what} ` +
      `(signal ${recovery.signalId}). Consumers turn away what they had already handled. ` +
      "Watch the consumer lag drain, then run `npx firebreak verify`.\n",
  );
  return 0;
}

export async function cdc(
  subcommand: string | undefined,
  args: { service?: string; since?: string; json: boolean },
): Promise<number> {
  if (subcommand === "status") return cdcStatus(args.json);
  if (subcommand === "recover") return cdcRecover(args.service, args.since, args.json);
  throw new UsageError(`unknown cdc command '${subcommand ?? ""}': expected 'cdc status' or 'cdc recover <service>'`);
}
