import type { Express } from "express";
import { Redis } from "ioredis";
import { createLogger, isShuttingDown, loadTokenPolicy, stopInOrder, type StartedService } from "@firebreak/platform";
import type { Config } from "./config.js";
import { createAdminApp } from "./admin.js";
import { createApp } from "./app.js";

export const SERVICE = "gateway";

export interface StartedGateway extends StartedService {
  /** Metrics and health, for the admin port. */
  admin: Express;
}

/** Connects to Redis (for rate limits) and builds the public app and the admin app. */
export async function start(config: Config): Promise<StartedGateway> {
  const logger = createLogger(SERVICE);
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
  });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const app = createApp({
    redis,
    logger,
    tokens: await loadTokenPolicy(config),
    upstreams: {
      orders: config.ORDERS_URL,
      inventory: config.INVENTORY_URL,
      payments: config.PAYMENTS_URL,
      analytics: config.ANALYTICS_URL,
    },
    upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
    ratePerSecond: config.RATE_LIMIT_PER_SECOND,
    unauthenticatedPerSecond: config.UNAUTHENTICATED_LIMIT_PER_SECOND,
    isShuttingDown,
  });
  return {
    app,
    admin: createAdminApp(isShuttingDown),
    logger,
    stop: stopInOrder(logger, [["redis", () => redis.quit()]]),
  };
}
