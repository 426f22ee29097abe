import express, { type Express } from "express";
import { healthRoutes, metricsRoute, notFound } from "@firebreak/platform";

/**
 * The gateway's management listener: its Prometheus metrics and health, on a port of their own that is
 * never published. The public port is the internet's side of the platform; what the gateway measures
 * about its traffic (routes, rates, latencies) is for its operators' Prometheus, not for its clients.
 */
export function createAdminApp(isShuttingDown: () => boolean): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(metricsRoute());
  app.use(healthRoutes({}, isShuttingDown));
  app.use(notFound);
  return app;
}
