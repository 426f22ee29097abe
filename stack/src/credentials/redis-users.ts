import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../native/paths.js";
import { HOST } from "../native/ports.js";
import { renderTemplate } from "../native/render.js";

/**
 * Redis users, each allowed what its job needs (stack/conf/redis/users.acl, which ACL syntax lets
 * carry no comments):
 * - `admin` is Redis's `default` user, for the CLI and the tests; without its password a connection
 *   can do nothing, where Redis otherwise lets anyone in as `default` with every command;
 * - `gateway` counts requests in `gateway:rate:*` keys with its Lua script (INCR, EXPIRE);
 * - `orders` reads and writes its cache, `orders:order:*`, with GET and SET;
 * - `exporter` reads server statistics for Prometheus, and no keys.
 * A service's user cannot read another's keys, flush, reconfigure or shut Redis down.
 */
export const REDIS_USERS = ["admin", "gateway", "orders", "exporter"] as const;
export type RedisUser = (typeof REDIS_USERS)[number];

export const REDIS_ACL_TEMPLATE = join(REPO_ROOT, "stack", "conf", "redis", "users.acl");

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The ACL file with each user's password as its SHA-256, so the file holds no password itself. */
export function renderRedisAcl(passwords: Record<RedisUser, string>): string {
  const hashes = Object.fromEntries(
    REDIS_USERS.map((user) => [`FB_REDIS_${user.toUpperCase()}_SHA256`, sha256(passwords[user])]),
  );
  return renderTemplate(readFileSync(REDIS_ACL_TEMPLATE, "utf8"), hashes, "stack/conf/redis/users.acl");
}

/** A Redis URL that logs in as `user` (admin is Redis's `default` user). */
export function redisUrl(user: RedisUser, password: string, port: number, host = HOST): string {
  const name = user === "admin" ? "default" : user;
  return `redis://${name}:${encodeURIComponent(password)}@${host}:${port}`;
}
