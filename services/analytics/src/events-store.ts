import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClickHouseClient } from "@clickhouse/client";
import type { ReceivedEvent } from "@firebreak/platform";

const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), "clickhouse");

/** Applies every statement of the schema files; each is idempotent (IF NOT EXISTS). */
export async function applySchema(client: ClickHouseClient): Promise<void> {
  for (const file of readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith(".sql"))
    .sort()) {
    const sql = readFileSync(join(SCHEMA_DIR, file), "utf8").replace(/^--.*$/gm, "");
    for (const statement of sql
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean)) {
      await client.command({ query: statement });
    }
  }
}

export interface EventRow {
  event_id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: string;
  amount_cents: number;
  occurred_at: string;
  occurred_ms: number;
  ingested_ms: number;
}

/** ClickHouse 18.16 reads DateTime as 'YYYY-MM-DD hh:mm:ss' (UTC here), not ISO 8601. */
const clickhouseDateTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

export function toRow(event: ReceivedEvent, occurredMs: number, ingestedMs: number): EventRow {
  const amount = (event.payload as { amountCents?: unknown }).amountCents;
  return {
    event_id: event.id,
    event_type: event.type,
    aggregate_type: event.topic.replace(/^firebreak\./, ""),
    aggregate_id: event.aggregateId,
    payload: JSON.stringify(event.payload),
    amount_cents: typeof amount === "number" ? amount : 0,
    occurred_at: clickhouseDateTime(occurredMs),
    occurred_ms: occurredMs,
    ingested_ms: ingestedMs,
  };
}

export async function insertEvents(client: ClickHouseClient, rows: EventRow[]): Promise<void> {
  if (rows.length > 0) await client.insert({ table: "firebreak.events", values: rows, format: "JSONEachRow" });
}
