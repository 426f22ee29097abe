CREATE TABLE payments (
  order_id      uuid PRIMARY KEY,
  status        text        NOT NULL CHECK (status IN ('AUTHORIZED', 'DECLINED')),
  amount_cents  bigint      NOT NULL CHECK (amount_cents >= 0),
  reason        text,
  psp_reference text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
