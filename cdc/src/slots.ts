import pg from "pg";

export interface SlotLag {
  slot: string;
  database: string;
  active: boolean;
  /** WAL written since the slot's consumer confirmed; what a stuck connector makes PostgreSQL keep. */
  lagBytes: number;
}

/** Replication slots of the cluster and how far each trails the current WAL position. */
export async function replicationSlotLag(connectionString: string): Promise<SlotLag[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ slot_name: string; database: string; active: boolean; lag: string | null }>(
      `SELECT slot_name, database, active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) AS lag
         FROM pg_replication_slots ORDER BY slot_name`,
    );
    return rows.map((row) => ({
      slot: row.slot_name,
      database: row.database,
      active: row.active,
      lagBytes: Number(row.lag ?? 0),
    }));
  } finally {
    await client.end();
  }
}
