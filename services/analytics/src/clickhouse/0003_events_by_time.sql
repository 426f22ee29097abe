-- The events again, slimmed and ordered by when they happened, so that a read of the last N minutes
-- reads those minutes through the primary key: firebreak.events is ordered by event_id, so a time
-- filter on it reads the whole month partition, and firebreak.sagas (by order_id) has no time at all.
-- Every delivery lands here as well; readers deduplicate on event_id (the first landing is the
-- smallest ingested_ms) and on the order (min, max and any ignore repeats).
CREATE TABLE IF NOT EXISTS firebreak.events_by_time (
  occurred_at  DateTime,
  event_id     String,
  event_type   String,
  aggregate_id String,
  occurred_ms  UInt64,
  ingested_ms  UInt64
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (occurred_at, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS firebreak.events_by_time_mv TO firebreak.events_by_time AS
SELECT occurred_at, event_id, event_type, aggregate_id, occurred_ms, ingested_ms
FROM firebreak.events;

-- Events already in ClickHouse, back to the widest window the read side serves (7 days): older ones
-- can never be read through it. An event inserted between the view and this copy lands twice, and
-- so does everything if the copy is interrupted and run again; readers deduplicate both.
INSERT INTO firebreak.events_by_time
SELECT occurred_at, event_id, event_type, aggregate_id, occurred_ms, ingested_ms
FROM firebreak.events
WHERE occurred_at >= now() - INTERVAL 7 DAY;
