-- Outbox rows are pruned once Debezium has surely read them, and inbox rows once no redelivery can
-- bring their event back. The publication carries inserts only, so the pruning deletes never reach
-- the WAL decoder, and the indexes let each pruning pass find its oldest rows without a scan.

ALTER PUBLICATION firebreak_outbox SET (publish = 'insert');
CREATE INDEX IF NOT EXISTS outbox_created_at ON outbox (created_at);
CREATE INDEX IF NOT EXISTS inbox_processed_at ON inbox (processed_at);
