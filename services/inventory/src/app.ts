import type { Express } from "express";
import { serviceApp, type Logger, type Pool, type TokenPolicy } from "@firebreak/platform";
import { inventoryRoutes } from "./routes.js";

export interface AppDeps {
  pool: Pool;
  logger: Logger;
  isShuttingDown: () => boolean;
  tokens: TokenPolicy;
}

export const createApp = (deps: AppDeps): Express =>
  serviceApp({
    ...deps,
    readiness: { postgres: () => deps.pool.query("SELECT 1") },
    routes: inventoryRoutes(deps.pool),
  });
