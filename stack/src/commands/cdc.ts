import { connectClient, slotLag } from "../pipeline.js";
import { UsageError } from "../usage.js";

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

export async function cdc(subcommand: string | undefined, json: boolean): Promise<number> {
  if (subcommand !== "status") throw new UsageError(`unknown cdc command '${subcommand ?? ""}': expected 'cdc status'`);
  return cdcStatus(json);
}
