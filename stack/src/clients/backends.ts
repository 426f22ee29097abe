import { HOST, PORTS } from "../native/ports.js";

/** Read-only clients of the stack's telemetry backends, for tests, dashboards checks and chaos verdicts. */

const base = (port: number) => `http://${HOST}:${port}`;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export interface TraceSpan {
  service: string;
  scope: string;
  name: string;
  kind: string;
  spanId: string;
  parentSpanId?: string;
}

interface OtlpTrace {
  batches?: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: {
      scope: { name: string };
      spans: { name: string; kind: string; spanId: string; parentSpanId?: string }[];
    }[];
  }[];
}

/** Every span Tempo holds for a trace (hex id), flattened with its service name; [] while it is unknown. */
export async function tempoTrace(traceId: string): Promise<TraceSpan[]> {
  const response = await fetch(`${base(PORTS.tempo)}/api/traces/${traceId}`, { signal: AbortSignal.timeout(10_000) });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`Tempo answered ${response.status} for trace ${traceId}`);
  const trace = (await response.json()) as OtlpTrace;
  return (trace.batches ?? []).flatMap((batch) => {
    const service =
      batch.resource.attributes.find((attribute) => attribute.key === "service.name")?.value.stringValue ?? "";
    return (batch.scopeSpans ?? []).flatMap((scopeSpans) =>
      scopeSpans.spans.map((span) => ({
        service,
        scope: scopeSpans.scope.name,
        name: span.name,
        kind: span.kind,
        spanId: span.spanId,
        ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
      })),
    );
  });
}

export interface LogLine {
  labels: Record<string, string>;
  timestampNs: string;
  line: string;
}

/** A LogQL range query over the last `sinceSeconds`. */
export async function lokiQuery(query: string, sinceSeconds = 600, limit = 100): Promise<LogLine[]> {
  const start = (BigInt(Date.now() - sinceSeconds * 1000) * 1_000_000n).toString();
  const params = new URLSearchParams({ query, start, limit: String(limit) });
  const body = await getJson<{
    data: { result: { stream: Record<string, string>; values: [string, string][] }[] };
  }>(`${base(PORTS.loki)}/loki/api/v1/query_range?${params}`);
  return body.data.result.flatMap((stream) =>
    stream.values.map(([timestampNs, line]) => ({ labels: stream.stream, timestampNs, line })),
  );
}

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export async function promQuery(query: string): Promise<Sample[]> {
  const body = await getJson<{ data: { result: Sample[] } }>(
    `${base(PORTS.prometheus)}/api/v1/query?${new URLSearchParams({ query })}`,
  );
  return body.data.result;
}

export interface ExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
}

export async function promExemplars(query: string, sinceSeconds = 600): Promise<ExemplarSeries[]> {
  const now = Date.now() / 1000;
  const params = new URLSearchParams({ query, start: String(now - sinceSeconds), end: String(now) });
  const body = await getJson<{ data: ExemplarSeries[] }>(`${base(PORTS.prometheus)}/api/v1/query_exemplars?${params}`);
  return body.data;
}

/** A range query over the last `sinceSeconds`; the series that have at least one sample. */
export async function promRange(query: string, sinceSeconds = 900, stepSeconds = 15): Promise<Sample[]> {
  const now = Date.now() / 1000;
  const params = new URLSearchParams({
    query,
    start: String(now - sinceSeconds),
    end: String(now),
    step: String(stepSeconds),
  });
  const body = await getJson<{ data: { result: (Sample & { values?: unknown[] })[] } }>(
    `${base(PORTS.prometheus)}/api/v1/query_range?${params}`,
  );
  return body.data.result;
}

/** Traces matching a TraceQL query that started in the last `sinceSeconds`. */
export async function tempoSearch(traceql: string, sinceSeconds = 900, limit = 20): Promise<{ traceID: string }[]> {
  const end = Math.floor(Date.now() / 1000);
  const params = new URLSearchParams({
    q: traceql,
    start: String(end - sinceSeconds),
    end: String(end),
    limit: String(limit),
  });
  const body = await getJson<{ traces?: { traceID: string }[] }>(`${base(PORTS.tempo)}/api/search?${params}`);
  return body.traces ?? [];
}
