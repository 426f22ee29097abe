import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpanKind } from "@opentelemetry/api";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { closeAll, gateway, listen, token } from "./harness.js";

// The services' own setup (platform telemetry/sdk.ts) in miniature: the undici instrumentation only
// listens on undici's diagnostics channels, so the npm undici the gateway uses must publish on them.
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
const unregister = registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [new UndiciInstrumentation({ requireParentforSpans: true })],
});

let seenUpstream: IncomingHttpHeaders | undefined;
const upstream = createServer((req, res) => {
  seenUpstream = req.headers;
  req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("[]"));
});
let base: string;

beforeAll(() => {
  base = gateway({ upstreams: { inventory: listen(upstream) } });
});
afterAll(async () => {
  closeAll();
  unregister();
  await provider.shutdown();
});

describe("tracing through the gateway", () => {
  it("When tracing is on, then the gateway's server span continues the caller's, and the upstream call is its child client span whose traceparent the upstream receives", async () => {
    const callersTraceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const response = await fetch(`${base}/api/v1/products`, {
      headers: { authorization: `Bearer ${await token("traced")}`, traceparent: callersTraceparent },
    });
    expect(response.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const inbound = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(inbound.name).toBe("GET /api/v1/products");
    expect(inbound.parentSpanContext?.spanId).toBe("b7ad6b7169203331");
    expect(inbound.attributes["http.response.status_code"]).toBe(200);
    const client = spans.find((span) => span.kind === SpanKind.CLIENT)!;
    expect(client).toBeDefined();
    expect(client.attributes["http.request.method"]).toBe("GET");
    expect(client.attributes["http.response.status_code"]).toBe(200);
    expect(client.parentSpanContext?.spanId).toBe(inbound.spanContext().spanId);
    const { traceId, spanId } = client.spanContext();
    expect(seenUpstream?.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });
});
