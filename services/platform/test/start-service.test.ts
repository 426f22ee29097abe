import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { describe, expect, it } from "vitest";
import { serviceEnv } from "@firebreak/stack/service-env";
import { startService, type Pool, type ShutdownStep } from "../src/index.js";

/** A service over orders' test database, with no migrations of its own. */
function definition() {
  const env = serviceEnv("orders", "test");
  return {
    name: "platform-test",
    config: {
      DATABASE_URL: env.DATABASE_URL!,
      MIGRATION_DATABASE_URL: env.MIGRATION_DATABASE_URL!,
      KAFKA_BROKERS: env.KAFKA_BROKERS!.split(","),
      DB_STATEMENT_TIMEOUT_MS: 5_000,
      DB_QUERY_TIMEOUT_MS: 6_000,
    },
    migrationsDir: mkdtempSync(join(tmpdir(), "firebreak-no-migrations-")),
  };
}

describe("starting a database-owning service against the real PostgreSQL", () => {
  it("When its build fails half-way, then what it had opened is stopped in order and its pool is closed", async () => {
    const stopped: string[] = [];
    let pool: Pool | undefined;
    const failing = startService(definition(), async (base, steps: ShutdownStep[]) => {
      pool = base.pool;
      await pool.query("SELECT 1");
      steps.push(["consumer", async () => void stopped.push("consumer")]);
      steps.push(["redis", async () => void stopped.push("redis")]);
      throw new Error("token policy unreadable");
    });
    await expect(failing).rejects.toThrow("token policy unreadable");
    expect(stopped).toEqual(["consumer", "redis"]);
    await expect(pool!.query("SELECT 1")).rejects.toThrow(/after calling end|ended/i);
  });

  it("When it started, then its stop runs the service's steps, then closes the pool", async () => {
    const stopped: string[] = [];
    let pool: Pool | undefined;
    const started = await startService({ ...definition(), background: false }, (base, steps) => {
      pool = base.pool;
      steps.push(["consumer", async () => void stopped.push("consumer")]);
      return Promise.resolve(express());
    });
    expect((await pool!.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await started.stop();
    expect(stopped).toEqual(["consumer"]);
    await expect(pool!.query("SELECT 1")).rejects.toThrow(/after calling end|ended/i);
  });
});
