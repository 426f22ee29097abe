import { context, propagation, trace } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { BatchLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { PinoInstrumentation } from "@opentelemetry/instrumentation-pino";
import { UndiciInstrumentation, type UndiciRequest } from "@opentelemetry/instrumentation-undici";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { ATTR_SERVICE_NAMESPACE } from "./semconv.js";
import { entrySampler } from "./client-sampler.js";

/**
 * Traces and logs over OTLP/HTTP (protobuf, cheaper to encode than JSON) to the Collector, with W3C
 * trace context propagation. The standard OTEL_* variables configure it: OTEL_SERVICE_NAME,
 * OTEL_EXPORTER_OTLP_ENDPOINT, and OTEL_SDK_DISABLED=true to run with tracing off.
 * Metrics stay with prom-client, which Prometheus scrapes. There is no Kafka instrumentation: the
 * platform's consumer makes each event's span itself, a child of the span that wrote the event, where
 * the instrumentation would give a batch only links.
 */
let running: NodeSDK | undefined;

/**
 * TRACE_CLIENT_SAMPLED_PER_SECOND, set on the public entry only: how many of its callers' sampled
 * traceparents a second it honours. Unset, the standard OTEL_TRACES_SAMPLER variables decide alone.
 */
function entrySamplerFromEnv() {
  const cap = process.env.TRACE_CLIENT_SAMPLED_PER_SECOND;
  if (cap === undefined) return {};
  const perSecond = Number(cap);
  const ratio = Number(process.env.OTEL_TRACES_SAMPLER_ARG ?? "1");
  if (!(perSecond >= 0) || !(ratio >= 0 && ratio <= 1)) {
    throw new Error(`TRACE_CLIENT_SAMPLED_PER_SECOND must be a number >= 0, not '${cap}'`);
  }
  return { sampler: entrySampler(ratio, perSecond) };
}

/**
 * Passes an unrecorded trace's context on without the client span, whose URL parsing, header scan and
 * attributes cost the gateway about a fifth of its tracing CPU, for a span nobody keeps.
 */
function propagateUnrecorded(request: UndiciRequest): boolean {
  if (trace.getActiveSpan()?.isRecording()) return false;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  for (const [name, value] of Object.entries(carrier)) request.addHeader(name, value);
  return true;
}

export function startTelemetry(): void {
  if (process.env.OTEL_SDK_DISABLED === "true") return;
  // The stable HTTP and database semantic conventions (http.request.method, db.query.text, …).
  process.env.OTEL_SEMCONV_STABILITY_OPT_IN ??= "http,database";
  // W3C trace context without baggage: nothing in Firebreak reads baggage, and its propagator parsed
  // and wrote every request's (empty) baggage at each hop.
  process.env.OTEL_PROPAGATORS ??= "tracecontext";
  running = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAMESPACE]: "firebreak" }),
    ...entrySamplerFromEnv(),
    traceExporter: new OTLPTraceExporter(),
    // No OTel meter provider: with none given, the SDK would make one that exports over OTLP, and every
    // instrumented request, query and command would then also be recorded as an OTel histogram that
    // the Collector, which has no metrics pipeline, throws away.
    metricReaders: [],
    logRecordProcessors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() })],
    instrumentations: [
      new HttpInstrumentation({
        // Server spans are the service frame's own (server-span.ts), which computes their attributes
        // only for the spans it records.
        disableIncomingRequestInstrumentation: true,
        // Outgoing calls are traced only within a trace: the ClickHouse client's inserts and the
        // Kafka-less background work would otherwise each start a trace of one span.
        requireParentforOutgoingSpans: true,
      }),
      // The gateway's proxy (undici.request) and the PSP client (fetch) run on undici, not on node:http.
      // A request of a trace that is not recorded gets no client span, only its context, so that the
      // next service does not record it either.
      new UndiciInstrumentation({ requireParentforSpans: true, ignoreRequestHook: propagateUnrecorded }),
      // PostgreSQL's client spans are the platform pool's own (db-spans.ts), made only when they record.
      new IORedisInstrumentation({ requireParentSpan: true }),
      new PinoInstrumentation(),
    ],
  });
  running.start();
}

const FLUSH_TIMEOUT_MS = 3_000;

/**
 * Exports what is still buffered; the last step of every service's graceful shutdown. Bounded, so
 * that a Collector that is already gone (the whole stack stopping) cannot hold the service up.
 */
export async function stopTelemetry(): Promise<void> {
  const sdk = running;
  running = undefined;
  if (!sdk) return;
  await Promise.race([sdk.shutdown(), new Promise((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref())]);
}
