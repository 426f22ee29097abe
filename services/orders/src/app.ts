import type { Express } from "express";
import { serviceApp, type Logger, type ReadinessCheck, type TokenPolicy } from "@firebreak/platform";
import { orderRoutes } from "./routes.js";
import type { OrdersDeps } from "./orders.js";

export interface AppDeps extends OrdersDeps {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  degraded?: Record<string, () => string>;
  isShuttingDown: () => boolean;
  tokens: TokenPolicy;
}

export const createApp = (deps: AppDeps): Express => serviceApp({ ...deps, routes: orderRoutes(deps) });
