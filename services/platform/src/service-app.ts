import express, { type Express, type Request, type RequestHandler, type Router } from "express";
import { requireCaller, type TokenPolicy } from "./auth.js";
import { notFound, problemDetails } from "./errors.js";
import { healthRoutes, type ReadinessCheck } from "./health.js";
import type { Logger } from "./logger.js";
import { httpMetrics, metricsRoute } from "./metrics.js";
import { methodNotAllowed } from "./method-not-allowed.js";
import { serverSpans } from "./server-span.js";

interface CommonOptions {
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** Parts that may not work without making the service unready; each says `ok` or what is wrong. */
  degraded?: Record<string, () => string>;
  isShuttingDown: () => boolean;
  routes: Router;
  /** The body limit of JSON requests; `false` leaves bodies unread, for routes that read them as bytes. */
  jsonLimit?: string | false;
  /** `false` when the metrics are served on an admin port instead (the public gateway's). */
  metrics?: boolean;
  /** The route a request's metrics are labelled with, when Express's matched route is not it. */
  routeOf?: (req: Request) => string | undefined;
}

/**
 * Who may call the routes, checked before any body is parsed: a bearer token that verifies under the
 * policy, or the service's own handlers, in order (an API key; the gateway's routing, token and rate
 * limits, after which it reads the body as bytes).
 */
export type ServiceAppOptions = CommonOptions & ({ tokens: TokenPolicy } | { access: RequestHandler[] });

/**
 * The frame every service shares: the server span, metrics and health, then the caller's check (before any body is
 * read), JSON bodies, the service's routes, then 405 for a known path's other methods, 404 and problem+json.
 */
export function serviceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(serverSpans());
  app.use(options.routeOf ? httpMetrics(options.routeOf) : httpMetrics());
  if (options.metrics !== false) app.use(metricsRoute());
  app.use(healthRoutes(options.readiness, options.isShuttingDown, options.degraded));
  app.use("tokens" in options ? [requireCaller(options.tokens)] : options.access);
  if (options.jsonLimit !== false) app.use(express.json({ limit: options.jsonLimit ?? "64kb" }));
  app.use(options.routes);
  app.use(methodNotAllowed(options.routes));
  app.use(notFound);
  app.use(problemDetails(options.logger));
  return app;
}
