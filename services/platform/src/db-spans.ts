import { context, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Span } from "@opentelemetry/api";
import pg from "pg";
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from "./telemetry/semconv.js";

/**
 * Client spans for PostgreSQL, made by the platform's own pool and only inside a trace that records:
 * one per query, and one per wait for a pooled connection (`pg-pool.connect`, which shows a pool
 * running dry). This replaces the pg instrumentation, which computed each query's attributes, parsed
 * the connection string on every checkout and started a span for every query, before sampling
 * discarded 90% of them; here an unrecorded trace costs one check. Without an SDK (tracing off) no
 * span records either.
 */
const tracer = trace.getTracer("@firebreak/platform/db");

/** Within a sampled trace: the caller's span is sampled (a local one records; a remote one is only a context). */
const recording = () => ((trace.getActiveSpan()?.spanContext().traceFlags ?? 0) & TraceFlags.SAMPLED) !== 0;

type Callback = (error: Error | null | undefined, ...rest: unknown[]) => void;

function endSpan(span: Span, error: unknown): void {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    span.setAttributes({
      [ATTR_ERROR_TYPE]: typeof code === "string" ? code : error.name,
      ...(typeof code === "string" ? { [ATTR_DB_RESPONSE_STATUS_CODE]: code } : {}),
    });
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  span.end();
}

/**
 * Ends `span` when the call settles, whether it takes a callback (last argument) or returns a promise;
 * the caller gets exactly what the call returns, and its errors.
 */
function settle(span: Span, args: unknown[], call: (args: unknown[]) => unknown): unknown {
  const last = args.at(-1);
  if (typeof last === "function") {
    const callback = last as Callback;
    const wrapped: Callback = (error, ...rest) => {
      endSpan(span, error);
      callback(error, ...rest);
    };
    return call([...args.slice(0, -1), wrapped]);
  }
  let result: unknown;
  try {
    result = call(args);
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
  if (result instanceof Promise) {
    result.then(
      () => endSpan(span, undefined),
      (error: unknown) => endSpan(span, error),
    );
  } else endSpan(span, undefined);
  return result;
}

/** The SQL's first keyword (SELECT, INSERT, BEGIN…): the low-cardinality part of the span name. */
export function operationOf(text: string | undefined): string | undefined {
  const keyword = /^\s*([A-Za-z]+)/.exec(text ?? "")?.[1];
  return keyword?.toUpperCase();
}

/** A pg client whose queries within a recorded trace are client spans. */
export class TracedClient extends pg.Client {
  // pg's query has many overloads; every one is passed through unchanged.
  override query(...args: unknown[]): never {
    const run = (callArgs: unknown[]) => (super.query as (...a: unknown[]) => unknown).apply(this, callArgs);
    if (!recording()) return run(args) as never;
    const first = args[0];
    const text = typeof first === "string" ? first : (first as { text?: string } | undefined)?.text;
    const operation = operationOf(text);
    const attributes: Attributes = {
      [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
      [ATTR_DB_NAMESPACE]: this.database,
      [ATTR_SERVER_ADDRESS]: this.host,
      [ATTR_SERVER_PORT]: this.port,
      ...(text === undefined ? {} : { [ATTR_DB_QUERY_TEXT]: text }),
      ...(operation === undefined ? {} : { [ATTR_DB_OPERATION_NAME]: operation }),
    };
    const span = tracer.startSpan(`${operation ?? "query"} ${this.database ?? ""}`.trim(), {
      kind: SpanKind.CLIENT,
      attributes,
    });
    return settle(span, args, run) as never;
  }
}

/** A pg pool of TracedClients whose checkouts within a recorded trace are `pg-pool.connect` spans. */
export class TracedPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super({ ...config, Client: TracedClient });
  }

  override connect(...args: unknown[]): never {
    const run = (callArgs: unknown[]) => (super.connect as (...a: unknown[]) => unknown).apply(this, callArgs);
    // A waiting checkout's callback is called by whoever releases a client, in that caller's context;
    // bound here, the query it runs (pool.query) belongs to the trace that asked for it.
    const last = args.at(-1);
    if (typeof last === "function") args = [...args.slice(0, -1), context.bind(context.active(), last)];
    if (!recording()) return run(args) as never;
    const span = tracer.startSpan("pg-pool.connect", {
      kind: SpanKind.CLIENT,
      attributes: { [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL },
    });
    return settle(span, args, run) as never;
  }
}
