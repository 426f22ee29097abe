import type { RequestHandler } from "express";
import { Agent, type Dispatcher } from "undici";
import { AppError, currentTraceparent } from "@firebreak/platform";

/** The caller's token goes on: each service verifies it again and authorizes by its subject. */
const FORWARDED_REQUEST_HEADERS = ["authorization", "content-type", "accept", "idempotency-key"];
/** With tracing on, the undici instrumentation writes these for the gateway's own span; with it off, they pass through. */
const TRACE_CONTEXT_HEADERS = ["traceparent", "tracestate", "baggage"];
const FORWARDED_RESPONSE_HEADERS = ["content-type", "location", "retry-after"];
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/**
 * Keep-alive connections to the services. Each phase (connect, waiting for the response head, each
 * wait for more of the body) is bounded by `timeoutMs` with undici's own timers: unlike a per-request
 * AbortSignal.timeout they allocate nothing per request, but past one second they fire up to a second late.
 */
export function upstreamAgent(timeoutMs: number): Agent {
  return new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
}

function forwardedHeaders(
  incoming: Record<string, string | string[] | undefined>,
  requestId: string,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { "x-request-id": requestId };
  const names = currentTraceparent()
    ? FORWARDED_REQUEST_HEADERS
    : [...FORWARDED_REQUEST_HEADERS, ...TRACE_CONTEXT_HEADERS];
  for (const name of names) {
    const value = incoming[name];
    // Present but empty is still sent: the service, not the gateway, says an empty Idempotency-Key is invalid.
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** Forwards the request to `upstream` with a timeout; an upstream that is down or slow becomes a 502 or 504 problem. */
export function forwardTo(upstream: string, agent: Dispatcher, timeoutMs: number): RequestHandler {
  return async (req, res, next) => {
    let status: number;
    let headers: Dispatcher.ResponseData["headers"];
    let payload: Uint8Array;
    try {
      const response = await agent.request({
        origin: upstream,
        path: req.originalUrl,
        method: req.method as Dispatcher.HttpMethod,
        headers: forwardedHeaders(req.headers, res.locals.requestId as string),
        body: req.method !== "GET" && req.method !== "HEAD" && Buffer.isBuffer(req.body) ? req.body : undefined,
      });
      ({ statusCode: status, headers } = response);
      // Read to the end, so that the connection goes back to the pool for the next request.
      payload = await response.body.bytes();
    } catch (error) {
      return next(
        TIMEOUT_CODES.has((error as { code?: string }).code ?? "")
          ? new AppError("upstream-timeout", `the upstream did not answer within ${timeoutMs} ms`, 504)
          : new AppError("upstream-unavailable", "the upstream could not be reached", 502),
      );
    }
    res.status(status);
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = headers[name];
      if (value) res.set(name, value);
    }
    res.end(payload);
  };
}
