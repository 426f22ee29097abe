-- Written for ClickHouse 18.16 (Debian) and current releases alike: no DateTime64, no
-- LowCardinality, no query parameters. Every event lands here once per delivery; delivery is
-- at-least-once, so readers deduplicate on event_id (FINAL, uniqExact, groupUniqArray).
CREATE DATABASE IF NOT EXISTS firebreak;

CREATE TABLE IF NOT EXISTS firebreak.events (
  event_id       String,
  event_type     String,
  aggregate_type String,
  aggregate_id   String,
  payload        String,
  amount_cents   Int64,
  occurred_at    DateTime,
  occurred_ms    UInt64,
  ingested_ms    UInt64
) ENGINE = ReplacingMergeTree(ingested_ms)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY event_id;

-- Orders per minute by status, counted exactly: duplicates of an event count once.
CREATE TABLE IF NOT EXISTS firebreak.orders_by_minute (
  minute DateTime,
  status String,
  orders AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, status);

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.orders_by_minute_mv TO firebreak.orders_by_minute AS
SELECT
  toStartOfMinute(occurred_at) AS minute,
  multiIf(event_type = 'OrderPlaced', 'PLACED', event_type = 'PaymentAuthorized', 'CONFIRMED', 'CANCELLED') AS status,
  uniqExactState(aggregate_id) AS orders
FROM firebreak.events
WHERE event_type IN ('OrderPlaced', 'PaymentAuthorized', 'PaymentDeclined', 'StockRejected')
GROUP BY minute, status;

-- Revenue per minute from authorised payments; each payment's amount is kept once per event id.
CREATE TABLE IF NOT EXISTS firebreak.revenue_by_minute (
  minute   DateTime,
  payments AggregateFunction(groupUniqArray, Tuple(String, Int64))
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY minute;

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.revenue_by_minute_mv TO firebreak.revenue_by_minute AS
SELECT toStartOfMinute(occurred_at) AS minute, groupUniqArrayState(tuple(event_id, amount_cents)) AS payments
FROM firebreak.events
WHERE event_type = 'PaymentAuthorized'
GROUP BY minute;
