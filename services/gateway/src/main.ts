import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { importSPKI } from "jose";
import { createLogger, isShuttingDown, serve } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { createApp } from "./app.js";

export const JWT_ALGORITHM = "ES256";

const SERVICE = "gateway";
const logger = createLogger(SERVICE);
const config = readConfig();
const jwtKey = await importSPKI(readFileSync(config.JWT_PUBLIC_KEY_FILE, "utf8"), JWT_ALGORITHM);
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
const app = createApp({
  redis,
  logger,
  jwtKey,
  jwtIssuer: config.JWT_ISSUER,
  upstreams: {
    orders: config.ORDERS_URL,
    inventory: config.INVENTORY_URL,
    payments: config.PAYMENTS_URL,
    analytics: config.ANALYTICS_URL,
  },
  upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
  ratePerSecond: config.RATE_LIMIT_PER_SECOND,
  isShuttingDown,
});
serve(SERVICE, app, config.PORT, logger, [["redis", () => redis.quit()]]);
