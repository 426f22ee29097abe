import express, { type Express, type Router } from "express";
import { requireCaller, type TokenPolicy } from "./auth.js";
import { notFound, problemDetails } from "./errors.js";
import { healthRoutes, type ReadinessCheck } from "./health.js";
import type { Logger } from "./logger.js";
import { httpMetrics, metricsRoute } from "./metrics.js";
import { methodNotAllowed } from "./method-not-allowed.js";
import { serverSpans } from "./server-span.js";

export interface ServiceAppOptions {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** Parts that may not work without making the service unready; each says `ok` or what is wrong. */
  degraded?: Record<string, () => string>;
  isShuttingDown: () => boolean;
  routes: Router;
  /** Every route but health and metrics needs a bearer token that verifies under this policy. */
  tokens: TokenPolicy;
  jsonLimit?: string;
}

/**
 * The frame every service shares: the server span, metrics and health, then the caller's token (before any body is
 * read), JSON bodies, the service's routes, then 405 for a known path's other methods, 404 and problem+json.
 */
export function serviceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(serverSpans());
  app.use(httpMetrics());
  app.use(metricsRoute());
  app.use(healthRoutes(options.readiness, options.isShuttingDown, options.degraded));
  app.use(requireCaller(options.tokens));
  app.use(express.json({ limit: options.jsonLimit ?? "64kb" }));
  app.use(options.routes);
  app.use(methodNotAllowed(options.routes));
  app.use(notFound);
  app.use(problemDetails(options.logger));
  return app;
}
