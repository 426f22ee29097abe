-- Whose payment it is, so that a customer can read their own and nobody else's. Carried from the
-- order through StockReserved; payments recorded before this column have none and are for operators.
ALTER TABLE payments ADD COLUMN IF NOT EXISTS customer_id text;
