import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SpanKind, SpanStatusCode, trace, type SpanContext } from "@opentelemetry/api";
import { exporter, provider } from "./sampled-only-sdk.js";
import express from "express";
import { nameRouteWith } from "../src/http-route.js";
import { serverSpans } from "../src/server-span.js";

/** What each handler saw as the active span, by the id the test gave the request. */
const seen = new Map<string, SpanContext | undefined>();

const app = express();
app.use(serverSpans());
app.use((req, _res, next) => {
  nameRouteWith(req, () => (req.route ? `${req.baseUrl}${String(req.route.path)}` : undefined));
  next();
});
app.get("/livez", (req, res) => {
  seen.set(String(req.query.id), trace.getActiveSpan()?.spanContext());
  res.end();
});
app.use(express.json());
app.post("/things/:id", (req, res) => {
  seen.set(req.params.id, trace.getActiveSpan()?.spanContext());
  res.status(req.body.fail ? 503 : 201).json({});
});

let server: Server;
let base: string;
beforeAll(() => {
  server = createServer(app).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => exporter.reset());
afterAll(async () => {
  server.close();
  await provider.shutdown();
});

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const CALLER_SPAN = "b7ad6b7169203331";
/**
 * Posts a body that arrives after the headers, in a packet of its own, as a slow client's would: the
 * body parser then finishes in the socket's async context, not the request's.
 */
const post = (id: string, flags: string, body: object = {}) =>
  new Promise<number>((resolve, reject) => {
    const request = httpRequest(`${base}/things/${id}?verbose=1`, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-${flags}` },
    });
    request.on("response", (response) => response.resume().on("end", () => resolve(response.statusCode!)));
    request.on("error", reject);
    request.flushHeaders();
    setTimeout(() => request.end(JSON.stringify(body)), 50);
  });

describe("server spans made by the service's frame", () => {
  it("When a sampled caller posts a body, then its handler runs inside a server span named after the route, a child of the caller's", async () => {
    expect(await post("a", "01")).toBe(201);
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.name).toBe("POST /things/:id");
    expect(span?.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    // Read after the body parser: the request's context survived the stream callback.
    expect(seen.get("a")?.spanId).toBe(span?.spanContext().spanId);
    expect(span?.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/things/:id",
      "http.response.status_code": 201,
      "url.path": "/things/a",
      "url.query": "verbose=1",
      "url.scheme": "http",
      "network.protocol.version": "1.1",
    });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("When the response is a 5xx, then the span is an error with error.type the status code", async () => {
    expect(await post("b", "01", { fail: true })).toBe(503);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes["error.type"]).toBe("503");
  });

  it("When the caller's trace is not sampled, then nothing is recorded but the handler still carries its trace id", async () => {
    expect(await post("c", "00")).toBe(201);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(seen.get("c")?.traceId).toBe(TRACE_ID);
    expect(seen.get("c")?.traceFlags).toBe(0);
  });

  it("When a probe asks for /livez, then it gets no span, even from a sampled caller", async () => {
    const response = await fetch(`${base}/livez?id=d`, {
      headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
    });
    expect(response.status).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(seen.get("d")).toBeUndefined();
  });
});
