import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import { AppError, callerOf, type Logger } from "@firebreak/platform";

/**
 * Counts a request into its window and returns the count: one command, run atomically in Redis.
 * MULTI/INCR/EXPIRE/EXEC did the same in four, each a command object in the client (and a span
 * decision in its instrumentation) on every request through the gateway.
 */
const COUNT_IN_WINDOW = `
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("EXPIRE", KEYS[1], ARGV[1]) end
return count`;

type CountingRedis = Redis & { countInWindow(key: string, ttlSeconds: number): Promise<number> };

/**
 * A fixed one-second window per client, counted in Redis so that every gateway instance shares it.
 * When Redis fails the limiter fails open: losing the limiter must not take the API down.
 */
export function rateLimit(redis: Redis, perSecond: number, logger: Logger): RequestHandler {
  // Sent as EVALSHA, with the script itself only when Redis does not have it yet.
  redis.defineCommand("countInWindow", { numberOfKeys: 1, lua: COUNT_IN_WINDOW });
  const counting = redis as CountingRedis;
  return async (_req, res, next) => {
    const second = Math.floor(Date.now() / 1000);
    const key = `gateway:rate:${callerOf(res).subject}:${second}`;
    try {
      const count = await counting.countInWindow(key, 2);
      res.set("ratelimit-limit", String(perSecond));
      res.set("ratelimit-remaining", String(Math.max(0, perSecond - count)));
      if (count > perSecond) {
        res.set("retry-after", "1");
        return next(new AppError("rate-limited", `more than ${perSecond} requests per second`, 429));
      }
    } catch (error) {
      logger.warn({ err: error }, "rate limiter unavailable; failing open");
    }
    next();
  };
}
