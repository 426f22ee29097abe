import { createClient } from "@clickhouse/client";
import { afterAll, describe, expect, it } from "vitest";
import { clickhouseUrl, type ClickhouseUser } from "../src/credentials/clickhouse-users.js";
import { PORTS } from "../src/native/ports.js";
import { clickhouse, secrets } from "./helpers.js";

const TABLE = `firebreak.users_test_${process.pid}`;
const admin = clickhouse();
afterAll(async () => {
  await admin.command({ query: `DROP TABLE IF EXISTS ${TABLE}` });
  await admin.close();
});

/** Runs one statement as `user` and returns "ok" or ClickHouse's error code (164 readonly, 516 bad password…). */
async function as(user: ClickhouseUser, query: string, password = secrets().clickhousePasswords[user]) {
  const client = createClient({ url: clickhouseUrl(user, password, PORTS.clickhouseHttp) });
  try {
    await client.command({ query });
    return "ok";
  } catch (error) {
    // 18.16 says "Code: 164, e.displayText() = …", which the client leaves unparsed; newer servers are parsed.
    const { code, message } = error as { code?: string; message: string };
    return `code ${code ?? /Code: (\d+)/.exec(message)?.[1] ?? message}`;
  } finally {
    await client.close();
  }
}

describe("each ClickHouse user can do its job and nothing more", () => {
  it("When the sink's writer migrates and inserts, then it may", async () => {
    expect(await as("analytics_writer", `CREATE TABLE ${TABLE} (n UInt64) ENGINE = MergeTree ORDER BY n`)).toBe("ok");
    expect(await as("analytics_writer", `INSERT INTO ${TABLE} SELECT number FROM system.numbers LIMIT 10`)).toBe("ok");
  });

  it("When the read side's reader reads, then it may; when it writes or changes anything, then ClickHouse refuses", async () => {
    await admin.command({ query: `CREATE TABLE IF NOT EXISTS ${TABLE} (n UInt64) ENGINE = MergeTree ORDER BY n` });
    expect(await as("analytics_reader", `SELECT count() FROM ${TABLE}`)).toBe("ok");
    // 164: READONLY.
    expect(await as("analytics_reader", `INSERT INTO ${TABLE} VALUES (1)`)).toBe("code 164");
    expect(await as("analytics_reader", `DROP TABLE ${TABLE}`)).toBe("code 164");
    expect(await as("analytics_reader", `CREATE TABLE ${TABLE}_x (n UInt64) ENGINE = Memory`)).toBe("code 164");
    expect(await as("analytics_reader", "SELECT 1 SETTINGS max_execution_time = 600")).toBe("code 164");
  });

  it("When the reader asks for more rows than a read may touch, then the query is stopped, not left to run", async () => {
    // 158: TOO_MANY_ROWS (max_rows_to_read).
    expect(
      await as("analytics_reader", "SELECT count() FROM (SELECT number FROM system.numbers LIMIT 100000000)"),
    ).toBe("code 158");
  });

  it("When a user gives the wrong password, or names a database other than firebreak, then it is refused", async () => {
    // 193: WRONG_PASSWORD on 18.16 (516, AUTHENTICATION_FAILED, on newer servers).
    expect(await as("analytics_reader", "SELECT 1", "not-the-password")).toMatch(/^code (193|516)$/);
    // 291: DATABASE_ACCESS_DENIED.
    expect(await as("analytics_writer", "SELECT count() FROM system.one")).toBe("ok");
    expect(await as("analytics_writer", "CREATE TABLE default.users_test (n UInt64) ENGINE = Memory")).toBe("code 291");
  });
});
