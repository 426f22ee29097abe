import pg from "pg";
import { describe, expect, it } from "vitest";
import { HOST, PORTS } from "../src/native/ports.js";
import { stackEnv } from "../src/native/env.js";
import { secrets } from "./helpers.js";

type Role = keyof ReturnType<typeof secrets>["passwords"];

/** Connects as `role` over TCP, runs `work`, and returns the PostgreSQL error code it ended with (or "ok"). */
async function outcome(role: Role, database: string, work: (client: pg.Client) => Promise<unknown> = async () => {}) {
  const client = new pg.Client({
    host: HOST,
    port: PORTS.postgres,
    user: role,
    database,
    password: secrets().passwords[role],
  });
  try {
    await client.connect();
    await work(client);
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs `sql` in a transaction that is rolled back, so that what a role may do leaves nothing behind. */
const rolledBack = (sql: string) => async (client: pg.Client) => {
  await client.query("BEGIN");
  try {
    await client.query(sql);
  } finally {
    await client.query("ROLLBACK");
  }
};

const INSUFFICIENT_PRIVILEGE = "42501";
const NO_HBA_ENTRY = "28000";

describe("each PostgreSQL role can do what its job needs, and nothing more", () => {
  it("When a service's runtime role works on its own database, then it reads and writes rows but cannot change the schema", async () => {
    expect(await outcome("orders", "orders", (c) => c.query("SELECT count(*) FROM orders"))).toBe("ok");
    expect(await outcome("orders", "orders", rolledBack("UPDATE customers SET id = id WHERE false"))).toBe("ok");
    for (const ddl of [
      "CREATE TABLE intruder (id int)",
      "DROP TABLE outbox",
      "ALTER TABLE orders ADD COLUMN intruder int",
      "TRUNCATE orders",
      "DROP PUBLICATION IF EXISTS firebreak_outbox",
    ]) {
      expect(await outcome("orders", "orders", (c) => c.query(ddl)), ddl).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });

  it("When a service's owner role runs DDL on its database, then it may (it runs the migrations)", async () => {
    expect(await outcome("inventory_owner", "inventory", rolledBack("CREATE TABLE owner_may (id int)"))).toBe("ok");
  });

  it("When a role connects to a database that is not its own, then PostgreSQL refuses the connection", async () => {
    expect(await outcome("orders", "inventory")).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome("inventory_owner", "payments")).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome("payments", "postgres")).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome("debezium", "postgres")).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome("debezium", "orders_test")).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("When the exporter's role connects to a service database, then it reads statistics but no rows", async () => {
    expect(await outcome("monitor", "orders", (c) => c.query("SELECT n_live_tup FROM pg_stat_user_tables"))).toBe("ok");
    expect(await outcome("monitor", "orders", (c) => c.query("SELECT count(*) FROM orders"))).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });

  it("When Debezium's role asks for replication, then logical replication of a service database is allowed and a physical one (a base backup) is not", async () => {
    const replicate = async (replication: string) => {
      const client = new pg.Client({
        host: HOST,
        port: PORTS.postgres,
        user: "debezium",
        database: "orders",
        password: secrets().passwords.debezium,
        replication,
      } as pg.ClientConfig);
      try {
        await client.connect();
        await client.query("IDENTIFY_SYSTEM");
        return "ok";
      } catch (error) {
        return (error as { code?: string }).code;
      } finally {
        await client.end().catch(() => {});
      }
    };
    expect(await replicate("database")).toBe("ok");
    expect(await replicate("true")).toBe(NO_HBA_ENTRY);
  });

  it("When a service role connects over the local socket, even with its password, then it is refused: only the stack's own OS user gets in there, as the superuser", async () => {
    const client = new pg.Client({
      host: stackEnv().FB_RUN_DIR,
      port: PORTS.postgres,
      user: "orders",
      database: "orders",
      password: secrets().passwords.orders,
    });
    await expect(client.connect()).rejects.toMatchObject({ code: NO_HBA_ENTRY });
    await client.end().catch(() => {});
  });
});
