import { describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { HOST, PORTS } from "../src/native/ports.js";
import { redisUrl, renderRedisAcl, type RedisUser } from "../src/credentials/redis-users.js";
import { secrets, url } from "./helpers.js";

/** Runs one command as `user` and returns its reply, or the error's first word (NOPERM, NOAUTH…). */
async function as(user: RedisUser | "nobody", ...command: [string, ...(string | number)[]]): Promise<unknown> {
  const redis =
    user === "nobody"
      ? new Redis({ host: HOST, port: PORTS.redis, lazyConnect: true, enableReadyCheck: false })
      : new Redis(redisUrl(user, secrets().redisPasswords[user], PORTS.redis), { lazyConnect: true });
  try {
    await redis.connect();
    return await redis.call(...command);
  } catch (error) {
    return (error as Error).message.split(" ")[0];
  } finally {
    redis.disconnect();
  }
}

const COUNT = `local n = redis.call("INCR", KEYS[1]) redis.call("EXPIRE", KEYS[1], 5) return n`;

describe("each Redis user can do its job and nothing more", () => {
  it("When a client connects without credentials, then Redis answers nothing but NOAUTH", async () => {
    expect(await as("nobody", "GET", "orders:order:x")).toBe("NOAUTH");
    expect(await as("nobody", "FLUSHALL")).toBe("NOAUTH");
  });

  it("When the gateway's user counts a window, then it may; anything else, or another's keys, it may not", async () => {
    expect(await as("gateway", "EVAL", COUNT, 1, "gateway:rate:redis-test:1")).toBeGreaterThan(0);
    expect(await as("gateway", "EVAL", COUNT, 1, "orders:order:redis-test")).toBe("NOPERM");
    expect(await as("gateway", "GET", "orders:order:redis-test")).toBe("NOPERM");
    expect(await as("gateway", "SET", "gateway:rate:redis-test:2", "1")).toBe("NOPERM");
    expect(await as("gateway", "KEYS", "*")).toBe("NOPERM");
    expect(await as("gateway", "FLUSHALL")).toBe("NOPERM");
    expect(await as("gateway", "CONFIG", "SET", "appendonly", "no")).toBe("NOPERM");
  });

  it("When the orders user caches an order, then it may; the gateway's keys and admin commands it may not", async () => {
    expect(await as("orders", "SET", "orders:order:redis-test", "{}", "EX", 5)).toBe("OK");
    expect(await as("orders", "GET", "orders:order:redis-test")).toBe("{}");
    expect(await as("orders", "GET", "gateway:rate:redis-test:1")).toBe("NOPERM");
    expect(await as("orders", "DEL", "orders:order:redis-test")).toBe("NOPERM");
    expect(await as("orders", "SHUTDOWN")).toBe("NOPERM");
  });

  it("When the exporter's user reads statistics, then it may, and no key; and the exporter reports Redis up", async () => {
    expect(String(await as("exporter", "INFO", "server"))).toContain("redis_version");
    expect(await as("exporter", "GET", "orders:order:redis-test")).toBe("NOPERM");
    const metrics = await (await fetch(url(PORTS.redisExporter, "/metrics"))).text();
    expect(metrics).toMatch(/^redis_up 1$/m);
  });
});

describe("the Redis ACL file", () => {
  it("When rendered, then it names each user with its password's SHA-256 and holds no password", () => {
    const passwords = { admin: "a-secret", gateway: "g-secret", orders: "o-secret", exporter: "e-secret" };
    const acl = renderRedisAcl(passwords);
    expect(acl).not.toMatch(/-secret/);
    expect(acl.match(/^user (\S+) on #[0-9a-f]{64} /gm)?.map((line) => line.split(" ")[1])).toEqual([
      "default",
      "gateway",
      "orders",
      "exporter",
    ]);
  });
});
