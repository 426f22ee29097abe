import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import { AppError, callerOf, type Logger } from "@firebreak/platform";

/**
 * A fixed one-second window per client, counted in Redis so that every gateway instance shares it.
 * When Redis fails the limiter fails open: losing the limiter must not take the API down.
 */
export function rateLimit(redis: Redis, perSecond: number, logger: Logger): RequestHandler {
  return async (_req, res, next) => {
    const second = Math.floor(Date.now() / 1000);
    const key = `gateway:rate:${callerOf(res).subject}:${second}`;
    try {
      const [[, count]] = (await redis.multi().incr(key).expire(key, 2).exec()) as [[null, number]];
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
