-- The transactional outbox that Debezium's EventRouter reads, the inbox that makes consumers
-- idempotent, and a heartbeat table that lets Debezium advance its replication slot on a quiet
-- database. Run as the service's own role, which therefore owns these tables.

CREATE TABLE IF NOT EXISTS outbox (
  id            uuid PRIMARY KEY,
  aggregatetype text        NOT NULL,
  aggregateid   text        NOT NULL,
  type          text        NOT NULL,
  payload       jsonb       NOT NULL,
  traceparent   text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Debezium reads the outbox through this publication; the service role owns the table, so it creates it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'firebreak_outbox') THEN
    CREATE PUBLICATION firebreak_outbox FOR TABLE outbox;
  END IF;
END $$;

CREATE TABLE IF NOT EXISTS inbox (
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

CREATE TABLE IF NOT EXISTS debezium_heartbeat (
  id         int PRIMARY KEY,
  beat_at    timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON debezium_heartbeat TO debezium;
GRANT SELECT ON outbox TO debezium;
