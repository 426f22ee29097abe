import type { Request, RequestHandler, Response, Router } from "express";
import { Router as router } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from "prom-client";
import { sampledTraceId } from "./trace-context.js";
import { nameRouteWith, routeTemplateOf } from "./http-route.js";
import { HTTP_BUCKETS, HTTP_LABELS, METRICS } from "./metric-names.js";

/** OpenMetrics exposition, because only it carries exemplars (trace ids on histogram buckets). */
export const registry = new Registry<OpenMetricsContentType>();
registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
collectDefaultMetrics({ register: registry });

const httpDuration = new Histogram({
  name: METRICS.httpServerDuration,
  help: "Duration of HTTP server requests (OpenTelemetry http.server.request.duration).",
  labelNames: HTTP_LABELS,
  buckets: HTTP_BUCKETS,
  registers: [registry],
  enableExemplars: true,
});

/** Observes into a histogram created with enableExemplars, with the trace as the exemplar when there is one. */
export function observeWithExemplar<L extends string>(
  histogram: Histogram<L>,
  labels: Partial<Record<L, string>>,
  seconds: number,
  traceId: string | undefined,
): void {
  // prom-client types exemplar labels like metric labels; trace_id is an exemplar-only label.
  const exemplarLabels = (traceId ? { trace_id: traceId } : {}) as Partial<Record<L, string>>;
  histogram.observe({ labels, value: seconds, exemplarLabels });
}

/** The route template Express matched (e.g. /api/v1/orders/:id), never the raw path, to keep cardinality low. */
const matchedRoute = (req: Request) => (req.route ? `${req.baseUrl}${String(req.route.path)}` : undefined);

/**
 * Observes every request when it finishes, and names its route for the server span too (see
 * http-route.ts); `routeOf` lets a proxy name routes it does not define itself.
 */
export function httpMetrics(
  routeOf: (req: Request, res: Response) => string | undefined = matchedRoute,
): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const traceId = sampledTraceId();
    nameRouteWith(req, () => routeOf(req, res));
    res.on("finish", () => {
      const labels = {
        http_request_method: req.method,
        http_route: routeTemplateOf(req) ?? "unmatched",
        http_response_status_code: String(res.statusCode),
      };
      observeWithExemplar(httpDuration, labels, Number(process.hrtime.bigint() - started) / 1e9, traceId);
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

/** A histogram whose buckets can carry a trace id as exemplar (see observeWithExemplar). */
export function histogram<L extends string = never>(
  name: string,
  help: string,
  buckets: number[],
  labelNames: readonly L[] = [],
): Histogram<L> {
  return new Histogram({ name, help, buckets, labelNames, registers: [registry], enableExemplars: true });
}

export function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}
