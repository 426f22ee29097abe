import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { lokiQuery, promExemplars, promQuery, tempoTrace, type TraceSpan } from "../../src/clients/backends.js";
import { devToken } from "../../src/credentials/dev-token.js";
import { PORTS } from "../../src/native/ports.js";
import { eventually, url } from "../helpers.js";

const SAGA_SERVICES = ["gateway", "orders", "inventory", "payments", "payment-provider", "analytics"];
const CONSUMING_SERVICES = ["inventory", "payments", "orders", "analytics"];

/** Places one order with a traceparent of the test's own, so the test knows the trace id to look for. */
async function placeTracedOrder(): Promise<{ traceId: string; orderId: string }> {
  const traceId = randomBytes(16).toString("hex");
  const response = await fetch(url(PORTS.gateway, "/api/v1/orders"), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": `trace-${randomUUID()}`,
      authorization: `Bearer ${await devToken("customer-0007")}`,
      traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01`,
    },
    body: JSON.stringify({ customerId: "customer-0007", items: [{ productId: "sku-kettle", quantity: 1 }] }),
  });
  expect(response.status).toBe(201);
  return { traceId, orderId: ((await response.json()) as { id: string }).id };
}

const servicesIn = (spans: TraceSpan[]) => new Set(spans.map((span) => span.service));
const consumersIn = (spans: TraceSpan[]) =>
  new Set(spans.filter((span) => span.kind === "SPAN_KIND_CONSUMER").map((span) => span.service));

/**
 * Each service exports its spans on its own schedule, so a trace fills in over a few seconds:
 * orders consumes the payment outcome last. Wait until every service's spans and every
 * consumer's span are in before judging the trace's shape.
 */
const isComplete = (spans: TraceSpan[]) =>
  SAGA_SERVICES.every((service) => servicesIn(spans).has(service)) &&
  CONSUMING_SERVICES.every((service) => consumersIn(spans).has(service));

describe("one trace through the outbox, Debezium and Kafka", () => {
  it("When an order is placed, then Tempo holds one trace with spans from every saga service, and Loki a log line with its trace id", async () => {
    const { traceId, orderId } = await placeTracedOrder();

    const spans = await eventually(
      async () => {
        const found = await tempoTrace(traceId);
        return isComplete(found) ? found : undefined;
      },
      60_000,
      `spans of ${SAGA_SERVICES.join(", ")} and consumer spans of ${CONSUMING_SERVICES.join(", ")} in trace ${traceId}`,
    );
    // The consumers continue the trace as children, not as new roots: every span but the gateway's
    // server span has a parent, and the only parent outside the trace is the test's own.
    const ids = new Set(spans.map((span) => span.spanId));
    const roots = spans.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId));
    expect(roots.map((span) => `${span.service} ${span.name}`)).toEqual(["gateway POST /api/v1/orders"]);
    expect(consumersIn(spans)).toEqual(new Set(CONSUMING_SERVICES));
    // Each HTTP server span is named after the route its service matched, never the raw path.
    const servers = spans.filter((span) => span.kind === "SPAN_KIND_SERVER");
    expect(servers.map((span) => `${span.service} ${span.name}`)).toEqual(
      expect.arrayContaining(["gateway POST /api/v1/orders", "orders POST /api/v1/orders"]),
    );
    // Each database-owning service's statements are client spans in the trace, named after the
    // operation and the database.
    const statements = spans.filter((span) => span.kind === "SPAN_KIND_CLIENT" && /^[A-Z]+ \w+$/.test(span.name));
    expect(new Set(statements.map((span) => `${span.service} ${span.name.split(" ")[1]}`))).toEqual(
      new Set(["orders orders", "inventory inventory", "payments payments"]),
    );

    const logs = await eventually(
      async () => {
        const lines = await lokiQuery(`{service_name="orders"} | trace_id="${traceId}"`);
        return lines.length > 0 ? lines : undefined;
      },
      60_000,
      `a log line of trace ${traceId} in Loki`,
    );
    expect(logs.some((log) => log.line === "order placed" && log.labels.orderId === orderId)).toBe(true);
  }, 120_000);

  it("When requests are traced, then the HTTP duration histogram carries their trace ids as exemplars", async () => {
    const { traceId } = await placeTracedOrder();
    const series = await eventually(
      async () => {
        const found = await promExemplars('http_server_request_duration_seconds_bucket{job="gateway"}', 300);
        const traceIds = found.flatMap((s) => s.exemplars.map((exemplar) => exemplar.labels.trace_id));
        return traceIds.includes(traceId) ? found : undefined;
      },
      60_000,
      `an exemplar with trace id ${traceId}`,
    );
    expect(series.length).toBeGreaterThan(0);
  }, 90_000);

  it("When traces arrive, then Tempo's metrics-generator remote-writes span metrics and the service graph to Prometheus", async () => {
    await placeTracedOrder();
    const present = (query: string) => async () => ((await promQuery(query)).length > 0 ? true : undefined);
    await eventually(present('traces_spanmetrics_calls_total{service="gateway"}'), 120_000, "gateway span metrics");
    await eventually(
      present('traces_service_graph_request_total{client="gateway", server="orders"}'),
      120_000,
      "the gateway → orders edge of the service graph",
    );
  }, 150_000);
});
