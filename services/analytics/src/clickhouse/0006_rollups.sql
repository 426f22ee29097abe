-- Saga outcomes and freshness, rolled up per minute as events land. Both used to be computed from the
-- raw events of their whole window on every read: ~650,000 events for the default hour at 116 ops/s,
-- read again every few seconds, so their cost grew with the rate and with how long the stack had run.
-- Now a read merges one row per minute (and outcome) of its window.
--
-- A decision (StockRejected, PaymentAuthorized, PaymentDeclined) carries placedAtMs, when its order
-- was placed, so its saga's duration is known from the one event. Counts are exact under redelivery
-- (uniqExact of the order id); the quantiles are t-digests, as approximate as quantile() was before.
-- A delivery replayed after a sink crash adds its duration again, which is the same value.
CREATE TABLE IF NOT EXISTS firebreak.sagas_by_minute (
  minute   DateTime,
  outcome  String,
  orders   AggregateFunction(uniqExact, String),
  duration AggregateFunction(quantilesTDigest(0.5, 0.99), Int64)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, outcome);

-- Freshness per minute of commit. A delivery replayed after a sink crash counts again, with its later
-- landing, as it does in the cdc freshness histogram that the SLO is computed from.
CREATE TABLE IF NOT EXISTS firebreak.freshness_by_minute (
  minute DateTime,
  events AggregateFunction(count),
  lag    AggregateFunction(quantilesTDigest(0.5, 0.99), Int64)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY minute;

-- The events landed so far, once. Applied before the sink starts, so nothing lands meanwhile; the
-- TRUNCATEs make a rerun of an interrupted file start again instead of counting twice. Decisions
-- landed before placedAtMs existed are timed from their order's OrderPlaced, as reads did before
-- (decisions without it that were still in Kafka then are not counted).
TRUNCATE TABLE firebreak.sagas_by_minute;
TRUNCATE TABLE firebreak.freshness_by_minute;

INSERT INTO firebreak.sagas_by_minute
SELECT toStartOfMinute(toDateTime(intDiv(decided, 1000))) AS minute, outcome,
       uniqExactState(order_id), quantilesTDigestState(0.5, 0.99)(toInt64(decided) - toInt64(placed))
  FROM (
    SELECT any(aggregate_id) AS order_id,
           minIf(occurred_ms, event_type = 'OrderPlaced') AS placed,
           maxIf(occurred_ms, event_type IN ('PaymentAuthorized', 'PaymentDeclined', 'StockRejected')) AS decided,
           anyIf(event_type, event_type IN ('PaymentAuthorized', 'PaymentDeclined', 'StockRejected')) AS outcome
      FROM firebreak.events
     WHERE event_type IN ('OrderPlaced', 'PaymentAuthorized', 'PaymentDeclined', 'StockRejected')
     GROUP BY cityHash64(aggregate_id))
 WHERE placed > 0 AND decided > 0
 GROUP BY minute, outcome;

INSERT INTO firebreak.freshness_by_minute
SELECT toStartOfMinute(occurred_at) AS minute, countState(),
       quantilesTDigestState(0.5, 0.99)(toInt64(ingested_ms) - toInt64(occurred_ms))
  FROM firebreak.events
 GROUP BY minute;

-- Every roll-up is written through a Buffer table, which ClickHouse flushes to it every 10 s. A
-- materialized view writes a part per insert (the sink inserts twice a second), and while a table is
-- small ClickHouse merges each new part into the table's one big part, rewriting all of the month's
-- minutes each time: with the views writing directly, their merges were two thirds of ClickHouse's
-- CPU at 116 ops/s, and grew as the month did. Reads go through the buffers, which answer with what
-- they hold and what they flushed, so nothing waits the 10 s. A buffer is flushed when ClickHouse
-- stops or the table is detached; a ClickHouse killed outright loses up to 10 s of roll-ups (never
-- events). Buffer(database, table, layers, min_time, max_time, min_rows, max_rows, min_bytes,
-- max_bytes): the min thresholds are out of reach, so only max_time (or a burst of a million rows or
-- 256 MiB) flushes, and one layer makes that one part.
CREATE TABLE IF NOT EXISTS firebreak.orders_by_minute_buffer AS firebreak.orders_by_minute
ENGINE = Buffer(firebreak, orders_by_minute, 1, 10, 10, 1000000000, 1000000, 1000000000000, 268435456);
CREATE TABLE IF NOT EXISTS firebreak.revenue_by_minute_buffer AS firebreak.revenue_by_minute
ENGINE = Buffer(firebreak, revenue_by_minute, 1, 10, 10, 1000000000, 1000000, 1000000000000, 268435456);
CREATE TABLE IF NOT EXISTS firebreak.sagas_by_minute_buffer AS firebreak.sagas_by_minute
ENGINE = Buffer(firebreak, sagas_by_minute, 1, 10, 10, 1000000000, 1000000, 1000000000000, 268435456);
CREATE TABLE IF NOT EXISTS firebreak.freshness_by_minute_buffer AS firebreak.freshness_by_minute
ENGINE = Buffer(firebreak, freshness_by_minute, 1, 10, 10, 1000000000, 1000000, 1000000000000, 268435456);

-- The views of 0005, the same but into the buffers.
DROP TABLE IF EXISTS firebreak.orders_by_minute_mv;
DROP TABLE IF EXISTS firebreak.revenue_by_minute_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.orders_by_minute_mv TO firebreak.orders_by_minute_buffer AS
SELECT
  toStartOfMinute(occurred_at) AS minute,
  multiIf(event_type = 'OrderPlaced', 'PLACED', event_type = 'PaymentAuthorized', 'CONFIRMED', 'CANCELLED') AS status,
  uniqExactState(aggregate_id) AS orders
FROM firebreak.events
WHERE event_type IN ('OrderPlaced', 'PaymentAuthorized', 'PaymentDeclined', 'StockRejected')
GROUP BY minute, status;

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.revenue_by_minute_mv TO firebreak.revenue_by_minute_buffer AS
SELECT toStartOfMinute(occurred_at) AS minute, groupUniqArrayState(tuple(event_id, amount_cents)) AS payments
FROM firebreak.events
WHERE event_type = 'PaymentAuthorized'
GROUP BY minute;

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.sagas_by_minute_mv TO firebreak.sagas_by_minute_buffer AS
SELECT toStartOfMinute(occurred_at) AS minute, event_type AS outcome, uniqExactState(aggregate_id) AS orders,
       quantilesTDigestState(0.5, 0.99)(toInt64(occurred_ms) - toInt64(visitParamExtractUInt(payload, 'placedAtMs'))) AS duration
  FROM firebreak.events
 WHERE event_type IN ('PaymentAuthorized', 'PaymentDeclined', 'StockRejected')
   AND visitParamExtractUInt(payload, 'placedAtMs') > 0
 GROUP BY minute, outcome;

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.freshness_by_minute_mv TO firebreak.freshness_by_minute_buffer AS
SELECT toStartOfMinute(occurred_at) AS minute, countState() AS events,
       quantilesTDigestState(0.5, 0.99)(toInt64(ingested_ms) - toInt64(occurred_ms)) AS lag
  FROM firebreak.events
 GROUP BY minute;
