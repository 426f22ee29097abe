import express, { type Express, type Router } from "express";
import { notFound, problemDetails } from "./errors.js";
import { healthRoutes, type ReadinessCheck } from "./health.js";
import type { Logger } from "./logger.js";
import { httpMetrics, metricsRoute } from "./metrics.js";

export interface ServiceAppOptions {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  isShuttingDown: () => boolean;
  routes: Router;
  jsonLimit?: string;
}

/** The frame every service shares: metrics, JSON bodies, health, the service's routes, then 404 and problem+json. */
export function serviceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(httpMetrics());
  app.use(metricsRoute());
  app.use(express.json({ limit: options.jsonLimit ?? "64kb" }));
  app.use(healthRoutes(options.readiness, options.isShuttingDown));
  app.use(options.routes);
  app.use(notFound);
  app.use(problemDetails(options.logger));
  return app;
}
