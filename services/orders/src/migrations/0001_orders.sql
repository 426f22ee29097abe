CREATE TABLE orders (
  id              uuid PRIMARY KEY,
  customer_id     text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
  items           jsonb       NOT NULL,
  amount_cents    bigint,
  cancel_reason   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at DESC);

-- A retried POST with the same Idempotency-Key gets the order the first one created.
CREATE TABLE idempotency_keys (
  key          text PRIMARY KEY,
  request_hash text        NOT NULL,
  -- The key is claimed before the order row exists, hence the deferred check.
  order_id     uuid        NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
  created_at   timestamptz NOT NULL DEFAULT now()
);
