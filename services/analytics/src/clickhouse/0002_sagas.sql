-- One row per order with when it was placed, when it was decided and how: min, max and any are
-- unaffected by duplicate deliveries, so the saga view is exact without FINAL.
CREATE TABLE IF NOT EXISTS firebreak.sagas (
  order_id   String,
  placed_ms  AggregateFunction(minIf, UInt64, UInt8),
  decided_ms AggregateFunction(maxIf, UInt64, UInt8),
  outcome    AggregateFunction(anyIf, String, UInt8)
) ENGINE = AggregatingMergeTree()
ORDER BY order_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.sagas_mv TO firebreak.sagas AS
SELECT
  aggregate_id AS order_id,
  minIfState(occurred_ms, event_type = 'OrderPlaced') AS placed_ms,
  maxIfState(occurred_ms, event_type IN ('PaymentAuthorized', 'PaymentDeclined', 'StockRejected')) AS decided_ms,
  anyIfState(event_type, event_type IN ('PaymentAuthorized', 'PaymentDeclined', 'StockRejected')) AS outcome
FROM firebreak.events
WHERE event_type IN ('OrderPlaced', 'PaymentAuthorized', 'PaymentDeclined', 'StockRejected')
GROUP BY order_id;

-- Orders that were already in ClickHouse when the view appeared. Applied once; a row counted
-- twice here changes nothing, because min, max and any ignore repeats.
INSERT INTO firebreak.sagas
SELECT
  aggregate_id AS order_id,
  minIfState(occurred_ms, event_type = 'OrderPlaced') AS placed_ms,
  maxIfState(occurred_ms, event_type IN ('PaymentAuthorized', 'PaymentDeclined', 'StockRejected')) AS decided_ms,
  anyIfState(event_type, event_type IN ('PaymentAuthorized', 'PaymentDeclined', 'StockRejected')) AS outcome
FROM firebreak.events
WHERE event_type IN ('OrderPlaced', 'PaymentAuthorized', 'PaymentDeclined', 'StockRejected')
GROUP BY order_id;
