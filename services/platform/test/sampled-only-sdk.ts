import {
  InMemorySpanExporter,
  NodeTracerProvider,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-node";

/**
 * The services' SDK in miniature, registered globally for the test file that imports this: W3C
 * propagation, the async-local context, and new roots never sampled, so that only a caller's sampled
 * traceparent records a span. Finished spans land in `exporter`.
 */
export const exporter = new InMemorySpanExporter();
export const provider = new NodeTracerProvider({
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0) }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
provider.register();
