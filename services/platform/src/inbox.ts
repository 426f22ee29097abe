import type { Tx } from "./db.js";

/** Records the event as processed by this consumer; false when it was already, so the caller skips it. */
export async function claimEvent(tx: Tx, consumer: string, eventId: string): Promise<boolean> {
  const result = await tx.query(
    "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id",
    [consumer, eventId],
  );
  return result.rowCount === 1;
}
