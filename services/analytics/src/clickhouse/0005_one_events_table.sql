-- One events table, ordered by when events happened. Until now every delivery was written twice:
-- to firebreak.events (ordered by event_id, for deduplication) and, through a view, to
-- firebreak.events_by_time (ordered by time, for the read side). Readers already deduplicate on
-- event_id themselves (uniqExact, groupUniqArray, GROUP BY the id), so the replacing engine bought
-- nothing they rely on, and the second table cost a part and its merges on every insert.
-- A plain MergeTree keeps every delivery: the first landing of a replayed event stays readable,
-- which freshness needs (a replacing merge kept the last one).
-- Applied by the analytics service before its sink starts, so nothing inserts meanwhile. A file is
-- recorded once all of it ran, so an interrupted one runs again: a repeated copy only adds
-- deliveries that readers collapse. The exception is a stop between the RENAME and the DROP after
-- it: the RENAME then finds firebreak.events_old, which must be dropped by hand.
CREATE TABLE IF NOT EXISTS firebreak.events_new (
  occurred_at    DateTime,
  event_id       String,
  event_type     String,
  aggregate_type String,
  aggregate_id   String,
  payload        String,
  amount_cents   Int64,
  occurred_ms    UInt64,
  ingested_ms    UInt64
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (occurred_at, event_id);

-- The views are bound to firebreak.events by name; they come back below, on the new table.
DROP TABLE IF EXISTS firebreak.events_by_time_mv;
DROP TABLE IF EXISTS firebreak.orders_by_minute_mv;
DROP TABLE IF EXISTS firebreak.revenue_by_minute_mv;

-- Every delivery ever landed; the per-minute tables already hold their share of these, so the copy
-- does not go through the views.
INSERT INTO firebreak.events_new
SELECT occurred_at, event_id, event_type, aggregate_type, aggregate_id, payload, amount_cents, occurred_ms, ingested_ms
FROM firebreak.events;

RENAME TABLE firebreak.events TO firebreak.events_old, firebreak.events_new TO firebreak.events;
DROP TABLE IF EXISTS firebreak.events_old;
DROP TABLE IF EXISTS firebreak.events_by_time;

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.orders_by_minute_mv TO firebreak.orders_by_minute AS
SELECT
  toStartOfMinute(occurred_at) AS minute,
  multiIf(event_type = 'OrderPlaced', 'PLACED', event_type = 'PaymentAuthorized', 'CONFIRMED', 'CANCELLED') AS status,
  uniqExactState(aggregate_id) AS orders
FROM firebreak.events
WHERE event_type IN ('OrderPlaced', 'PaymentAuthorized', 'PaymentDeclined', 'StockRejected')
GROUP BY minute, status;

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.revenue_by_minute_mv TO firebreak.revenue_by_minute AS
SELECT toStartOfMinute(occurred_at) AS minute, groupUniqArrayState(tuple(event_id, amount_cents)) AS payments
FROM firebreak.events
WHERE event_type = 'PaymentAuthorized'
GROUP BY minute;
