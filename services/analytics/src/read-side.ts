import type { ClickHouseClient } from "@clickhouse/client";

/**
 * The read side of CQRS, from the per-minute roll-ups, read through their buffers (see
 * clickhouse/0006_rollups.sql). ClickHouse 18.16 has no query parameters, so the only value put into
 * SQL is `minutes`, a whole number the route has already validated.
 */
async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: "JSONEachRow" })).json<T>();
}

const since = (minutes: number) => `now() - INTERVAL ${Math.trunc(minutes)} MINUTE`;

export async function ordersPerMinute(client: ClickHouseClient, minutes: number) {
  const result = await rows<{ minute: string; status: string; orders: string }>(
    client,
    `SELECT minute, status, uniqExactMerge(orders) AS orders FROM firebreak.orders_by_minute_buffer
      WHERE minute >= ${since(minutes)} GROUP BY minute, status ORDER BY minute, status`,
  );
  return result.map((r) => ({ minute: r.minute, status: r.status, orders: Number(r.orders) }));
}

export async function revenuePerMinute(client: ClickHouseClient, minutes: number) {
  const result = await rows<{ minute: string; revenue_cents: string; payments: string }>(
    client,
    `SELECT minute, arraySum(arrayMap(p -> tupleElement(p, 2), unique_payments)) AS revenue_cents,
            length(unique_payments) AS payments
       FROM (SELECT minute, groupUniqArrayMerge(payments) AS unique_payments FROM firebreak.revenue_by_minute_buffer
              WHERE minute >= ${since(minutes)} GROUP BY minute)
      ORDER BY minute`,
  );
  return result.map((r) => ({ minute: r.minute, revenueCents: Number(r.revenue_cents), payments: Number(r.payments) }));
}

/**
 * Saga outcomes and durations, from OrderPlaced to the event that decided the order, for the orders
 * decided in the window (whole minutes), from the per-minute roll-up that 0006_rollups.sql fills.
 */
export async function sagaOutcomes(client: ClickHouseClient, minutes: number) {
  const result = await rows<{ outcome: string; orders: string; duration: number[] }>(
    client,
    `SELECT outcome, uniqExactMerge(orders) AS orders, quantilesTDigestMerge(0.5, 0.99)(duration) AS duration
       FROM firebreak.sagas_by_minute_buffer WHERE minute >= ${since(minutes)} GROUP BY outcome ORDER BY outcome`,
  );
  return result.map((r) => ({
    outcome: r.outcome,
    orders: Number(r.orders),
    p50Ms: Number(r.duration[0]),
    p99Ms: Number(r.duration[1]),
  }));
}

/** How long events committed in the window (whole minutes) took from their commit in PostgreSQL to ClickHouse. */
export async function freshness(client: ClickHouseClient, minutes: number) {
  const [result] = await rows<{ events: string; lag: number[] }>(
    client,
    `SELECT countMerge(events) AS events, quantilesTDigestMerge(0.5, 0.99)(lag) AS lag
       FROM firebreak.freshness_by_minute_buffer WHERE minute >= ${since(minutes)}`,
  );
  const events = Number(result?.events ?? 0);
  return {
    events,
    p50Ms: events > 0 ? Number(result!.lag[0]) : 0,
    p99Ms: events > 0 ? Number(result!.lag[1]) : 0,
  };
}
