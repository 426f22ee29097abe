import type { Request, RequestHandler, Response, Router } from "express";
import { Router as router } from "express";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { HTTP_BUCKETS, HTTP_LABELS, METRICS } from "./metric-names.js";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const httpDuration = new Histogram({
  name: METRICS.httpServerDuration,
  help: "Duration of HTTP server requests (OpenTelemetry http.server.request.duration).",
  labelNames: HTTP_LABELS,
  buckets: HTTP_BUCKETS,
  registers: [registry],
});

/** The route template Express matched (e.g. /api/v1/orders/:id), never the raw path, to keep cardinality low. */
const matchedRoute = (req: Request) => (req.route ? `${req.baseUrl}${String(req.route.path)}` : "unmatched");

/** Observes every request when it finishes; `routeOf` lets a proxy name routes it does not define itself. */
export function httpMetrics(routeOf: (req: Request, res: Response) => string = matchedRoute): RequestHandler {
  return (req, res, next) => {
    const stop = httpDuration.startTimer();
    res.on("finish", () => {
      stop({
        http_request_method: req.method,
        http_route: routeOf(req, res),
        http_response_status_code: String(res.statusCode),
      });
    });
    next();
  };
}

/**
 * Creates series at zero before the first request, so that the first scrape sees 0 and no
 * increase is lost to rate() (a counter first seen at 40 reads as a rate of 0).
 */
export function primeHttpSeries(series: { method: string; route: string; status: number }[]): void {
  for (const { method, route, status } of series) {
    httpDuration.zero({ http_request_method: method, http_route: route, http_response_status_code: String(status) });
  }
}

export function metricsRoute(): Router {
  const routes = router();
  routes.get("/metrics", async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return routes;
}

export function histogram(name: string, help: string, buckets: number[]): Histogram {
  return new Histogram({ name, help, buckets, registers: [registry] });
}
