import type { RequestHandler } from "express";
import { AppError, currentTraceparent } from "@firebreak/platform";

const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "idempotency-key"];
/** With tracing on, the fetch instrumentation writes these for the gateway's own span; with it off, they pass through. */
const TRACE_CONTEXT_HEADERS = ["traceparent", "tracestate", "baggage"];
const FORWARDED_RESPONSE_HEADERS = ["content-type", "location", "retry-after"];

/** Forwards the request to `upstream` with a timeout; an upstream that is down or slow becomes a 502 or 504 problem. */
export function forwardTo(upstream: string, timeoutMs: number): RequestHandler {
  return async (req, res, next) => {
    const headers: Record<string, string> = { "x-request-id": res.locals.requestId as string };
    const passThrough = currentTraceparent() ? [] : TRACE_CONTEXT_HEADERS;
    for (const name of [...FORWARDED_REQUEST_HEADERS, ...passThrough]) {
      const value = req.get(name);
      if (value) headers[name] = value;
    }
    const hasBody = !["GET", "HEAD"].includes(req.method);
    let response: Response;
    try {
      response = await fetch(`${upstream}${req.originalUrl}`, {
        method: req.method,
        headers,
        body: hasBody ? JSON.stringify(req.body ?? {}) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      return next(
        timedOut
          ? new AppError("upstream-timeout", `the upstream did not answer within ${timeoutMs} ms`, 504)
          : new AppError("upstream-unavailable", "the upstream could not be reached", 502),
      );
    }
    res.status(response.status);
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value) res.set(name, value);
    }
    res.send(Buffer.from(await response.arrayBuffer()));
  };
}
