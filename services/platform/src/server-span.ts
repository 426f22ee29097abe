import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { RequestHandler } from "express";
import { routeTemplateOf } from "./http-route.js";
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from "./telemetry/semconv.js";

/** Probes and scrapes: many a minute, and nothing a trace would teach. */
const UNTRACED_PATHS = new Set(["/livez", "/readyz", "/metrics"]);

const tracer = trace.getTracer("@firebreak/platform/http-server");

/**
 * Each request's server span, made by the service's own frame: the caller's trace context extracted,
 * the span started, and the rest of the request run inside it (body parsers keep that context:
 * raw-body calls back in the async context it was called in). Its attributes (the stable HTTP
 * semantic conventions) are computed only when the span records. This replaces the HTTP
 * instrumentation's incoming side, which computed them for every request before sampling and bound
 * every request and response emitter: about a third of a service's tracing CPU, spent mostly on the
 * 90% of requests whose spans nobody keeps. Without an SDK (tracing off) the span is a no-op.
 */
export function serverSpans(): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    if (UNTRACED_PATHS.has(path)) return next();
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER }, parent);
    const active = trace.setSpan(parent, span);
    const recording = span.isRecording();
    if (recording) {
      const [host, port] = (req.headers.host ?? "").split(":");
      const query = req.originalUrl.indexOf("?");
      span.setAttributes({
        [ATTR_HTTP_REQUEST_METHOD]: req.method,
        [ATTR_URL_SCHEME]: "http",
        [ATTR_URL_PATH]: path,
        ...(query >= 0 ? { [ATTR_URL_QUERY]: req.originalUrl.slice(query + 1) } : {}),
        [ATTR_SERVER_ADDRESS]: host,
        [ATTR_SERVER_PORT]: Number(port ?? req.socket.localPort),
        [ATTR_CLIENT_ADDRESS]: req.socket.remoteAddress,
        [ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion,
        ...(req.headers["user-agent"] ? { [ATTR_USER_AGENT_ORIGINAL]: req.headers["user-agent"] } : {}),
      });
    }
    res.once("close", () => {
      if (recording) {
        const route = routeTemplateOf(req);
        if (route !== undefined) {
          span.setAttribute(ATTR_HTTP_ROUTE, route);
          span.updateName(`${req.method} ${route}`);
        }
        if (!res.writableFinished) {
          span.setAttribute(ATTR_ERROR_TYPE, "aborted");
          span.setStatus({ code: SpanStatusCode.ERROR, message: "closed before the response was sent" });
        } else {
          span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
          if (res.statusCode >= 500) {
            span.setAttribute(ATTR_ERROR_TYPE, String(res.statusCode));
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
        }
      }
      span.end();
    });
    context.with(active, next);
  };
}
