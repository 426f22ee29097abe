-- The customers that orders belong to. Seeded by `firebreak up`; a gateway JWT's subject is a customer id.
CREATE TABLE customers (
  id         text PRIMARY KEY,
  name       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
