-- When an order still undecided at its saga deadline was counted late (firebreak_saga_overdue_total).
-- Each order is counted once: by the deadline sweep when the deadline passes undecided, or by its own
-- decision when that comes late and before the sweep saw it.
ALTER TABLE orders ADD COLUMN overdue_at timestamptz;

-- What the sweep reads every second: only the orders still awaiting a decision and not yet counted.
CREATE INDEX orders_awaiting_deadline ON orders (created_at) WHERE status = 'PENDING' AND overdue_at IS NULL;
