import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context } from "@opentelemetry/api";
import { exporter } from "./sampled-only-sdk.js";
import { serviceEnv } from "@firebreak/stack/service-env";
import { createPool, withTransaction } from "../src/db.js";
import { operationOf } from "../src/db-spans.js";

const pool = createPool(serviceEnv("orders", "test").DATABASE_URL!, 1);
afterAll(() => pool.end());
beforeEach(() => exporter.reset());

/** The context of a caller whose traceparent was sampled (or not). */
function caller(sampled: boolean): { ctx: Context; traceId: string; spanId: string } {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  const ctx = trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
  return { ctx, traceId, spanId };
}

describe("PostgreSQL client spans from the platform's pool", () => {
  it("When a sampled caller queries, then the checkout and the query are client spans of its trace with the database conventions", async () => {
    const { ctx, traceId, spanId } = caller(true);
    const { rows } = await context.with(ctx, () => pool.query<{ n: number }>("SELECT $1::int AS n", [7]));
    expect(rows).toEqual([{ n: 7 }]);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(["SELECT orders_test", "pg-pool.connect"]);
    for (const span of spans) {
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(spanId);
      expect(span.kind).toBe(SpanKind.CLIENT);
    }
    const query = spans.find((s) => s.name === "SELECT orders_test")!;
    expect(query.attributes).toMatchObject({
      "db.system.name": "postgresql",
      "db.namespace": "orders_test",
      "db.query.text": "SELECT $1::int AS n",
      "db.operation.name": "SELECT",
      "server.port": expect.any(Number),
    });
    expect(query.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("When a sampled caller's query fails, then its span carries the SQLSTATE and an error status, and the caller still gets the error", async () => {
    const { ctx } = caller(true);
    await expect(context.with(ctx, () => pool.query("SELECT 1 / 0"))).rejects.toMatchObject({ code: "22012" });
    const query = exporter.getFinishedSpans().find((s) => s.name === "SELECT orders_test")!;
    expect(query.status.code).toBe(SpanStatusCode.ERROR);
    expect(query.attributes).toMatchObject({ "error.type": "22012", "db.response.status_code": "22012" });
  });

  it("When a transaction runs in a sampled trace, then BEGIN, its statements and COMMIT are spans of it", async () => {
    const { ctx, traceId } = caller(true);
    await context.with(ctx, () => withTransaction(pool, (tx) => tx.query("SELECT 1")));
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.attributes["db.operation.name"] ?? s.name)).toEqual([
      "pg-pool.connect",
      "BEGIN",
      "SELECT",
      "COMMIT",
    ]);
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));
  });

  it("When the caller's trace is not sampled, then nothing is recorded and the query answers", async () => {
    const { ctx } = caller(false);
    const { rows } = await context.with(ctx, () => pool.query<{ n: number }>("SELECT 1 AS n"));
    expect(rows).toEqual([{ n: 1 }]);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("When a sampled caller waits for the only connection, which an unsampled one releases, then its query is still in its own trace", async () => {
    const unsampled = caller(false);
    const sampled = caller(true);
    const held = await context.with(unsampled.ctx, () => pool.connect());
    const waiting = context.with(sampled.ctx, () => pool.query("SELECT 2"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    context.with(unsampled.ctx, () => held.release());
    await waiting;
    const query = exporter.getFinishedSpans().find((s) => s.name === "SELECT orders_test");
    expect(query?.spanContext().traceId).toBe(sampled.traceId);
  });
});

describe("operationOf", () => {
  it("When given SQL, then it names the first keyword in upper case, or nothing", () => {
    expect(operationOf("  select * from t")).toBe("SELECT");
    expect(operationOf("WITH x AS (SELECT 1) SELECT * FROM x")).toBe("WITH");
    expect(operationOf(undefined)).toBeUndefined();
    expect(operationOf("")).toBeUndefined();
  });
});
