import type { IncomingMessage } from "node:http";

/**
 * Each request's route template (e.g. /api/v1/orders/:id) as its service names it, read when the
 * request has finished: by the HTTP metrics for their http_route label, and by the tracing SDK for
 * the server span's name and http.route attribute. Only the frame that names routes knows them: a
 * gateway names the routes it proxies, which it never defines.
 */
const namers = new WeakMap<IncomingMessage, () => string | undefined>();
const named = new WeakMap<IncomingMessage, string | undefined>();

export function nameRouteWith(request: IncomingMessage, namer: () => string | undefined): void {
  namers.set(request, namer);
}

/**
 * The request's route template; undefined for a request no route matched, or one never named. Named
 * once, on the first read after routing (the span's and the metrics' reads both come at the end).
 */
export function routeTemplateOf(request: IncomingMessage): string | undefined {
  if (named.has(request)) return named.get(request);
  const route = namers.get(request)?.();
  named.set(request, route);
  return route;
}
