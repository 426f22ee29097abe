import { randomUUID } from "node:crypto";
import pg from "pg";
import type { ConnectClient } from "./connect-client.js";
import { connectorName, outboxConnector, SIGNAL_TABLE, type OutboxSource } from "./connectors.js";
import { untilConnectorsAre } from "./register.js";

/**
 * How far before the last published event the replay starts. An outbox row's created_at is its
 * writer's transaction start, which can precede a commit Debezium had already passed; events sent
 * twice are turned away by the consumers' inboxes, events not sent at all are lost.
 */
const OVERLAP_MS = 60_000;

export interface OutboxRecovery {
  connector: string;
  /** The earliest created_at republished; undefined when the whole retained outbox was. */
  since?: Date;
  /** The execute-snapshot signal's id in the service's debezium_signal table. */
  signalId: string;
}

/** When the connector last published an event, from the offset Connect stored for it; undefined before its first. */
export async function lastPublished(client: ConnectClient, name: string): Promise<Date | undefined> {
  const [stored] = await client.offsets(name);
  const micros = stored?.offset.ts_usec;
  return typeof micros === "number" ? new Date(micros / 1000) : undefined;
}

/**
 * Brings an outbox connector back after its replication slot was lost or dropped, and republishes
 * the gap. Debezium refuses to stream from a stored position the server no longer has, so the
 * connector is stopped and its offsets forgotten; it starts again without a snapshot and creates a
 * fresh slot at the current position. Then a signal asks it for an incremental snapshot of the
 * outbox rows written since shortly before the last event it published: those rows are still in
 * the outbox while its retention (an hour) lasts, which is why that retention must outlast an outage.
 */
export async function recoverOutbox(
  client: ConnectClient,
  source: OutboxSource,
  ownerUrl: string,
  since?: Date,
): Promise<OutboxRecovery> {
  const name = connectorName(source.service);
  const published = since ? undefined : await lastPublished(client, name);
  const from = since ?? (published && new Date(published.getTime() - OVERLAP_MS));
  await client.stop(name);
  await untilConnectorsAre("STOPPED", client, [name]);
  await client.resetOffsets(name);
  await client.putConnector(name, { ...outboxConnector(source), "snapshot.mode": "no_data" });
  await client.resume(name);
  await untilConnectorsAre("RUNNING", client, [name]);
  const signalId = `firebreak-recover-${randomUUID()}`;
  await signalSnapshot(ownerUrl, signalId, from);
  return { connector: name, since: from, signalId };
}

/** Asks the connector, through its signalling table, for an incremental snapshot of the outbox since `from`. */
async function signalSnapshot(ownerUrl: string, id: string, from: Date | undefined): Promise<void> {
  const data = {
    "data-collections": ["public.outbox"],
    type: "incremental",
    ...(from && {
      "additional-conditions": [
        { "data-collection": "public.outbox", filter: `created_at >= '${from.toISOString()}'` },
      ],
    }),
  };
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`INSERT INTO ${SIGNAL_TABLE} (id, type, data) VALUES ($1, 'execute-snapshot', $2)`, [
      id,
      JSON.stringify(data),
    ]);
  } finally {
    await client.end();
  }
}
