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

/**
 * Drops a replication slot as PostgreSQL does when it gives one up: its reader (a walsender) is
 * ended first, since an active slot cannot be dropped, and the drop is tried until the reader is
 * gone. Needs a role with REPLICATION that may end the reader's backend (Debezium's own).
 */
export async function dropReplicationSlot(connectionString: string, slot: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      await client.query(
        "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1 AND active_pid IS NOT NULL",
        [slot],
      );
      try {
        await client.query("SELECT pg_drop_replication_slot($1)", [slot]);
        return;
      } catch (error) {
        // 55006 object_in_use: the reader has not exited yet.
        if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await client.end();
  }
}
