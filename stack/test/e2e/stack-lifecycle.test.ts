import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { stackPaths } from "../../src/native/paths.js";
import { adminRedisUrl } from "../../src/native/service-env.js";
import { clickhouse, eventually, firebreak, firebreakOrThrow, kafka, ordersDb, stackProcesses } from "../helpers.js";

afterAll(() => {
  firebreakOrThrow("up", "--profile", "full", "--wait");
}, 10 * 60_000);

describe("the stack's lifecycle", () => {
  const marker = randomUUID();
  const topic = `firebreak-persist-${marker}`;

  it(
    "When the stack goes down, then no stack process is left and data survives the next up",
    async () => {
      const client = ordersDb("orders_owner");
      await client.connect();
      await client.query("CREATE TABLE IF NOT EXISTS stack_test_markers (marker text PRIMARY KEY)");
      await client.query("INSERT INTO stack_test_markers VALUES ($1)", [marker]);
      await client.end();
      const redis = new Redis(adminRedisUrl());
      await redis.set(`stack-test:${marker}`, "kept");
      redis.disconnect();
      const producer = kafka().producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ value: marker }] });
      await producer.disconnect();
      const ch = clickhouse();
      await ch.command({
        query: "CREATE TABLE IF NOT EXISTS stack_test_markers (marker String) ENGINE = MergeTree ORDER BY marker",
      });
      await ch.insert({ table: "stack_test_markers", values: [{ marker }], format: "JSONEachRow" });
      await ch.close();

      firebreakOrThrow("down");
      expect(stackProcesses()).toEqual([]);

      firebreakOrThrow("up", "--profile", "core", "--wait");
      const again = ordersDb("orders_owner");
      await again.connect();
      expect((await again.query("SELECT marker FROM stack_test_markers WHERE marker = $1", [marker])).rowCount).toBe(1);
      await again.end();
      const redisAgain = new Redis(adminRedisUrl());
      expect(await redisAgain.get(`stack-test:${marker}`)).toBe("kept");
      redisAgain.disconnect();
      const offsets = await eventually(
        async () => {
          const admin = kafka().admin();
          await admin.connect();
          try {
            return await admin.fetchTopicOffsets(topic);
          } finally {
            await admin.disconnect();
          }
        },
        30_000,
        "the topic's offsets after restart",
      );
      expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(1);
      const chAgain = clickhouse();
      const rows = await (
        await chAgain.query({
          query: `SELECT count() AS n FROM stack_test_markers WHERE marker = '${marker}'`,
          format: "JSONEachRow",
        })
      ).json<{ n: string }>();
      expect(Number(rows[0]?.n)).toBe(1);
      await chAgain.close();
    },
    10 * 60_000,
  );

  it("When the stack goes down with --volumes, then its data is wiped", () => {
    firebreakOrThrow("down", "--volumes");
    expect(stackProcesses()).toEqual([]);
    expect(existsSync(stackPaths().data)).toBe(false);
  });

  it(
    "When a component cannot start, then up --wait fails naming it and showing its log",
    () => {
      // A port taken by another program is caught by up's preflight before anything starts
      // (doctor.test.ts), so the component is broken from inside: Redis refuses an AOF manifest it
      // cannot read, and exits.
      const aof = join(stackPaths().data, "redis", "appendonlydir");
      mkdirSync(aof, { recursive: true });
      writeFileSync(join(aof, "appendonly.aof.manifest"), "not a manifest\n");
      try {
        const result = firebreak("up", "--profile", "core", "--wait");
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("redis (redis) failed");
        expect(result.stderr).toContain("Invalid AOF manifest file format");
      } finally {
        firebreak("down", "--volumes");
      }
      expect(stackProcesses()).toEqual([]);
    },
    5 * 60_000,
  );
});
