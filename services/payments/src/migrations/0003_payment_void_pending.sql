-- A payment declined because the provider did not answer in time may still have been authorized by
-- it: the order is cancelled either way, so whatever the provider decided must be voided. Set when
-- such a decline is recorded; cleared once the provider has confirmed the void.
ALTER TABLE payments ADD COLUMN IF NOT EXISTS psp_void_pending boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS payments_void_pending ON payments (created_at) WHERE psp_void_pending;
