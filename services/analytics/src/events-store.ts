import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClickHouseClient } from "@clickhouse/client";
import type { ReceivedEvent } from "@firebreak/platform";

const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), "clickhouse");

const statementsOf = (file: string) =>
  readFileSync(join(SCHEMA_DIR, file), "utf8")
    .replace(/^--.*$/gm, "")
    .split(";")
    .map((statement) => statement.trim())
    .filter(Boolean);

/** Applies each schema file once, in name order, and records it in firebreak.schema_migrations. */
export async function applySchema(client: ClickHouseClient): Promise<string[]> {
  await client.command({ query: "CREATE DATABASE IF NOT EXISTS firebreak" });
  await client.command({ query: "CREATE TABLE IF NOT EXISTS firebreak.schema_migrations (name String) ENGINE = Log" });
  const result = await client.query({ query: "SELECT name FROM firebreak.schema_migrations", format: "JSONEachRow" });
  const done = new Set((await result.json<{ name: string }>()).map((row) => row.name));
  const applied: string[] = [];
  for (const file of readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith(".sql"))
    .sort()) {
    if (done.has(file)) continue;
    for (const statement of statementsOf(file)) await client.command({ query: statement });
    await client.insert({ table: "firebreak.schema_migrations", values: [{ name: file }], format: "JSONEachRow" });
    applied.push(file);
  }
  return applied;
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

export function toRow(event: ReceivedEvent, ingestedMs: number): EventRow {
  const { occurredMs } = event;
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
