import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SDK = join(fileURLToPath(new URL(".", import.meta.url)), "..", "src", "telemetry", "sdk.ts");

/** Runs `body` after the services' SDK has started, in a process of its own (the SDK registers globals); returns what it printed. */
function withSdk<T>(body: string): T {
  const script = `
    import { context, metrics, trace } from "@opentelemetry/api";
    import { createServer } from "node:http";
    const { startTelemetry, stopTelemetry } = await import(${JSON.stringify(SDK)});
    startTelemetry();
    ${body}
    await stopTelemetry();`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    cwd: join(fileURLToPath(new URL(".", import.meta.url)), ".."),
    env: {
      ...process.env,
      OTEL_SDK_DISABLED: "false",
      OTEL_SERVICE_NAME: "telemetry-test",
      // Nothing listens here: the test reads what was registered, not what was exported.
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9",
    },
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as T;
}

const registeredProviders = () =>
  withSdk<{ meter: string; tracer: string }>(`
    console.log(JSON.stringify({
      meter: metrics.getMeterProvider().constructor.name,
      tracer: trace.getTracerProvider().getDelegate?.().constructor.name,
    }));`);

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

/**
 * Within a span whose parent arrived with `traceFlags` (1: sampled, 0: not), fetches from a real HTTP
 * server; returns the traceparent that server received and the span the fetch was made in.
 */
const fetchWithin = (traceFlags: number) =>
  withSdk<{ received: string; within: { spanId: string; traceFlags: number } }>(`
    let received;
    const server = createServer((req, res) => { received = req.headers.traceparent; res.end(); });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const parent = trace.wrapSpanContext({ traceId: "${TRACE_ID}", spanId: "b7ad6b7169203331", traceFlags: ${traceFlags} });
    const within = await context.with(trace.setSpan(context.active(), parent), () =>
      trace.getTracer("test").startActiveSpan("work", async (span) => {
        await (await fetch("http://127.0.0.1:" + server.address().port + "/")).text();
        span.end();
        return span.spanContext();
      }));
    server.close();
    console.log(JSON.stringify({ received, within }));`);

describe("the services' OpenTelemetry SDK", () => {
  it("When it starts, then it traces but registers no meter provider: metrics are prom-client's alone", () => {
    const { meter, tracer } = registeredProviders();
    expect(tracer).toBe("TracerProvider");
    expect(meter).toBe("NoopMeterProvider");
  });

  it("When a call is made within a recorded trace, then it is a client span of its own, which the callee continues", () => {
    const { received, within } = fetchWithin(1);
    const [, traceId, spanId, flags] = received.split("-");
    expect(traceId).toBe(TRACE_ID);
    expect(flags).toBe("01");
    expect(spanId).not.toBe(within.spanId);
  });

  it("When a call is made within a trace that is not recorded, then the callee gets that trace's context as it is, still unrecorded", () => {
    const { received, within } = fetchWithin(0);
    expect(within.traceFlags).toBe(0);
    expect(received).toBe(`00-${TRACE_ID}-${within.spanId}-00`);
  });
});
