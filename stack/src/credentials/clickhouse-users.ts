import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../native/paths.js";
import { HOST } from "../native/ports.js";
import { renderTemplate } from "../native/render.js";

/**
 * ClickHouse users besides the administrator (stack/conf/clickhouse/users.xml): the analytics sink
 * writes and migrates as `analytics_writer`; the read side reads as `analytics_reader`, read-only
 * and bounded per query. ClickHouse 18.16 has no SQL GRANTs, so these are profiles in users.xml.
 */
export const CLICKHOUSE_USERS = ["analytics_writer", "analytics_reader"] as const;
export type ClickhouseUser = (typeof CLICKHOUSE_USERS)[number];

export const CLICKHOUSE_USERS_TEMPLATE = "stack/conf/clickhouse/users.xml";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** users.xml with each password as its SHA-256, every user reachable from `clients` (an address or a CIDR). */
export function renderClickhouseUsers(passwords: Record<ClickhouseUser, string>, clients = HOST): string {
  const values = Object.fromEntries(
    CLICKHOUSE_USERS.map((user) => [`FB_CLICKHOUSE_${user.toUpperCase()}_SHA256`, sha256(passwords[user])]),
  );
  const template = readFileSync(join(REPO_ROOT, CLICKHOUSE_USERS_TEMPLATE), "utf8");
  return renderTemplate(template, { ...values, FB_CLICKHOUSE_CLIENTS: clients }, CLICKHOUSE_USERS_TEMPLATE);
}

/** ClickHouse's HTTP interface as `user`; @clickhouse/client takes the credentials from the URL. */
export function clickhouseUrl(user: ClickhouseUser, password: string, port: number, host = HOST): string {
  return `http://${user}:${encodeURIComponent(password)}@${host}:${port}`;
}
