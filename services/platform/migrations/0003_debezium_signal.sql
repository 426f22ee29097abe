-- Debezium's signalling table. After a replication slot is lost, `firebreak cdc recover` inserts an
-- execute-snapshot signal here, and Debezium re-reads the outbox rows of the gap through an
-- incremental snapshot, writing its window marks to the same table. Signals reach Debezium through
-- the change stream, so the table is in the publication.

CREATE TABLE IF NOT EXISTS debezium_signal (
  id   text PRIMARY KEY,
  type text NOT NULL,
  data text
);
GRANT SELECT, INSERT ON debezium_signal TO debezium;

DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_publication_tables WHERE pubname = 'firebreak_outbox' AND tablename = 'debezium_signal'
  ) THEN
    ALTER PUBLICATION firebreak_outbox ADD TABLE debezium_signal;
  END IF;
END $$;
