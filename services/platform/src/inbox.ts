import type { Tx } from "./db.js";

// Named statements are parsed and planned once per connection, not on every event.

/** Records the event as processed by this consumer; false when it was already, so the caller skips it. */
export async function claimEvent(tx: Tx, consumer: string, eventId: string): Promise<boolean> {
  const result = await tx.query({
    name: "firebreak-inbox-claim",
    text: "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id",
    values: [consumer, eventId],
  });
  return result.rowCount === 1;
}

/** Claims many events in one statement; returns the ids that were new (each once, however often it was given). */
export async function claimEvents(tx: Tx, consumer: string, eventIds: string[]): Promise<Set<string>> {
  const result = await tx.query<{ event_id: string }>({
    name: "firebreak-inbox-claim-many",
    text: `INSERT INTO inbox (consumer, event_id) SELECT $1, id FROM unnest($2::text[]) AS id
           ON CONFLICT DO NOTHING RETURNING event_id`,
    values: [consumer, eventIds],
  });
  return new Set(result.rows.map((row) => row.event_id));
}
