import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { HOST, PORTS } from "../src/native/ports.js";
import { stackPaths } from "../src/native/paths.js";
import { adminRedisUrl } from "../src/native/service-env.js";
import { clickhouse, eventually, firebreak, firebreakOrThrow, kafka, ordersDb, stackProcesses } from "./helpers.js";

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
    async () => {
      const squatter = createServer().listen(PORTS.redis, HOST);
      await once(squatter, "listening");
      try {
        const result = firebreak("up", "--profile", "core", "--wait");
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("redis (redis) failed");
        expect(result.stderr).toMatch(/Address already in use/i);
      } finally {
        squatter.close();
        firebreak("down", "--volumes");
      }
      expect(stackProcesses()).toEqual([]);
    },
    5 * 60_000,
  );
});
