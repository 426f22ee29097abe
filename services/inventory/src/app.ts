import express, { type Express } from "express";
import {
  healthRoutes,
  notFound,
  problemDetails,
  type Logger,
  type Pool,
  httpMetrics,
  metricsRoute,
} from "@firebreak/platform";
import { inventoryRoutes } from "./routes.js";

export interface AppDeps {
  pool: Pool;
  logger: Logger;
  isShuttingDown: () => boolean;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(httpMetrics());
  app.use(metricsRoute());
  app.use(express.json({ limit: "64kb" }));
  app.use(healthRoutes({ postgres: () => deps.pool.query("SELECT 1") }, deps.isShuttingDown));
  app.use(inventoryRoutes(deps.pool));
  app.use(notFound);
  app.use(problemDetails(deps.logger));
  return app;
}
