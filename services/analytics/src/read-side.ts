import type { ClickHouseClient } from "@clickhouse/client";

/**
 * The read side of CQRS. ClickHouse 18.16 has no query parameters, so the only value put into SQL
 * is `minutes`, a whole number the route has already validated.
 */
async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: "JSONEachRow" })).json<T>();
}

const since = (minutes: number) => `now() - INTERVAL ${Math.trunc(minutes)} MINUTE`;

export async function ordersPerMinute(client: ClickHouseClient, minutes: number) {
  const result = await rows<{ minute: string; status: string; orders: string }>(
    client,
    `SELECT minute, status, uniqExactMerge(orders) AS orders FROM firebreak.orders_by_minute
      WHERE minute >= ${since(minutes)} GROUP BY minute, status ORDER BY minute, status`,
  );
  return result.map((r) => ({ minute: r.minute, status: r.status, orders: Number(r.orders) }));
}

export async function revenuePerMinute(client: ClickHouseClient, minutes: number) {
  const result = await rows<{ minute: string; revenue_cents: string; payments: string }>(
    client,
    `SELECT minute, arraySum(arrayMap(p -> tupleElement(p, 2), unique_payments)) AS revenue_cents,
            length(unique_payments) AS payments
       FROM (SELECT minute, groupUniqArrayMerge(payments) AS unique_payments FROM firebreak.revenue_by_minute
              WHERE minute >= ${since(minutes)} GROUP BY minute)
      ORDER BY minute`,
  );
  return result.map((r) => ({ minute: r.minute, revenueCents: Number(r.revenue_cents), payments: Number(r.payments) }));
}

const DECISIONS = "('PaymentAuthorized', 'PaymentDeclined', 'StockRejected')";
// Deduplicating reads group by a 64-bit hash of the id, not the id: a hash table of numbers takes
// about half the time and memory, and a million ids collide with odds of about 3 in 100 million.
const byId = (column: string) => `cityHash64(${column})`;

/**
 * Saga outcomes and durations, from OrderPlaced to the event that decided the order. Only events in
 * the window are read: every event of an order placed in it happened after its OrderPlaced, so
 * aggregating the window alone (read through the time-ordered primary key) gives those orders the
 * same placement, decision and outcome as all of firebreak.events would; orders placed earlier have
 * no OrderPlaced here and drop out (placed = 0).
 */
export async function sagaOutcomes(client: ClickHouseClient, minutes: number) {
  const result = await rows<{ outcome: string; orders: string; p50_ms: number; p99_ms: number }>(
    client,
    `SELECT outcome, count() AS orders, quantile(0.5)(decided - placed) AS p50_ms, quantile(0.99)(decided - placed) AS p99_ms
       FROM (
         SELECT minIf(occurred_ms, event_type = 'OrderPlaced') AS placed,
                maxIf(occurred_ms, event_type IN ${DECISIONS}) AS decided,
                anyIf(event_type, event_type IN ${DECISIONS}) AS outcome
           FROM firebreak.events
          WHERE occurred_at >= ${since(minutes)} AND (event_type = 'OrderPlaced' OR event_type IN ${DECISIONS})
          GROUP BY ${byId("aggregate_id")})
      WHERE placed > 0 AND decided > 0 AND placed >= (toUInt64(toUnixTimestamp(${since(minutes)})) * 1000)
      GROUP BY outcome ORDER BY outcome`,
  );
  return result.map((r) => ({
    outcome: r.outcome,
    orders: Number(r.orders),
    p50Ms: Number(r.p50_ms),
    p99Ms: Number(r.p99_ms),
  }));
}

/** How long events took from their commit in PostgreSQL to their first landing in ClickHouse. */
export async function freshness(client: ClickHouseClient, minutes: number) {
  const [result] = await rows<{ events: string; p50_ms: number; p99_ms: number }>(
    client,
    `SELECT count() AS events, quantile(0.5)(lag) AS p50_ms, quantile(0.99)(lag) AS p99_ms
       FROM (SELECT min(ingested_ms) - any(occurred_ms) AS lag FROM firebreak.events
              WHERE occurred_at >= ${since(minutes)} GROUP BY ${byId("event_id")})`,
  );
  return {
    events: Number(result?.events ?? 0),
    p50Ms: Number(result?.p50_ms ?? 0),
    p99Ms: Number(result?.p99_ms ?? 0),
  };
}
