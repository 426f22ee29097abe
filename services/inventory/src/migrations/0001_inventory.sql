-- Stock is conserved: initial_stock = available + reserved + sold, always (the CHECK says so).
CREATE TABLE products (
  id            text PRIMARY KEY,
  name          text   NOT NULL,
  price_cents   bigint NOT NULL CHECK (price_cents >= 0),
  initial_stock int    NOT NULL CHECK (initial_stock >= 0),
  available     int    NOT NULL CHECK (available >= 0),
  reserved      int    NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  sold          int    NOT NULL DEFAULT 0 CHECK (sold >= 0),
  CHECK (initial_stock = available + reserved + sold)
);

CREATE TABLE reservations (
  order_id     uuid PRIMARY KEY,
  status       text        NOT NULL CHECK (status IN ('RESERVED', 'REJECTED', 'RELEASED', 'SOLD')),
  items        jsonb       NOT NULL,
  amount_cents bigint      NOT NULL DEFAULT 0,
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
