import express, { type Express } from "express";
import {
  healthRoutes,
  notFound,
  problemDetails,
  type Logger,
  type ReadinessCheck,
  httpMetrics,
  metricsRoute,
} from "@firebreak/platform";
import { orderRoutes } from "./routes.js";
import type { OrdersDeps } from "./orders.js";

export interface AppDeps extends OrdersDeps {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  isShuttingDown: () => boolean;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(httpMetrics());
  app.use(metricsRoute());
  app.use(express.json({ limit: "64kb" }));
  app.use(healthRoutes(deps.readiness, deps.isShuttingDown));
  app.use(orderRoutes(deps));
  app.use(notFound);
  app.use(problemDetails(deps.logger));
  return app;
}
