import { Redis } from "ioredis";
import { bindHost, closeServer, createLogger, isShuttingDown, loadTokenPolicy, serve } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { createAdminApp } from "./admin.js";
import { createApp } from "./app.js";

const SERVICE = "gateway";
const logger = createLogger(SERVICE);
const config = readConfig();
const tokens = await loadTokenPolicy(config);
const redis = new Redis(config.REDIS_URL, {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
});
redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
const app = createApp({
  redis,
  logger,
  tokens,
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
// Both ports are shared with a second gateway while one takes over from the other (the clock-skew
// experiment's handover), so that clients never find the port closed.
const admin = createAdminApp(isShuttingDown).listen(
  { port: config.ADMIN_PORT, host: bindHost(), reusePort: true },
  () => logger.info({ port: config.ADMIN_PORT }, "gateway admin (metrics, health) listening"),
);
serve(
  SERVICE,
  app,
  config.PORT,
  logger,
  [
    ["admin", () => closeServer(admin)],
    ["redis", () => redis.quit()],
  ],
  { reusePort: true },
);
