import {
  ConnectClient,
  dropReplicationSlot,
  recoverOutbox,
  registerOutboxConnectors,
  replicationSlotLag,
  slotName,
  type OutboxSource,
} from "@firebreak/cdc";
import { linkPort, proxies } from "../chaos/links.js";
import { HOST, PORTS } from "./ports.js";
import { seedCustomers, seedInventory } from "./seed.js";
import { migrateService } from "./service-migrations.js";
import { loadSecrets } from "../credentials/secrets.js";
import { serviceEnv, SERVICES_WITH_DATABASE, type ServiceWithDatabase } from "./service-env.js";

export const connectClient = () => new ConnectClient(`http://${HOST}:${PORTS.connect}`);

/**
 * Each service database gets its schema (the outbox and its publication first), as the service's
 * owner role, so that the connectors find their publications; then the catalogue is seeded.
 */
export async function migrateAndSeed(
  databaseUrl: (service: ServiceWithDatabase) => string = (service) => serviceEnv(service).MIGRATION_DATABASE_URL!,
): Promise<void> {
  for (const service of SERVICES_WITH_DATABASE) {
    await migrateService(service, databaseUrl(service), async (pool) => {
      if (service === "inventory") await seedInventory(pool);
      if (service === "orders") await seedCustomers(pool);
    });
  }
}

// Through Connect's proxy to PostgreSQL, so the CDC link can be faulted like any other.
const outboxSource = (service: ServiceWithDatabase): OutboxSource => ({
  service,
  host: HOST,
  port: linkPort("connectToPostgres", proxies()),
});

/** Makes the CDC path ready: outbox tables in place, one Debezium connector per service database, all RUNNING. */
export async function preparePipeline(): Promise<string[]> {
  await migrateAndSeed();
  return registerOutboxConnectors(connectClient(), SERVICES_WITH_DATABASE.map(outboxSource));
}

/** The runbook's recovery after a lost slot: a fresh slot, and the outbox's gap published again (see recoverOutbox). */
export const recoverPipeline = (service: ServiceWithDatabase, since?: Date) =>
  recoverOutbox(connectClient(), outboxSource(service), serviceEnv(service).MIGRATION_DATABASE_URL!, since);

/** A service's replication slot dropped, as Debezium's role: the chaos suite's way to lose a slot. */
export function dropOutboxSlot(service: ServiceWithDatabase): Promise<void> {
  const password = encodeURIComponent(loadSecrets().passwords.debezium);
  return dropReplicationSlot(
    `postgresql://debezium:${password}@${HOST}:${PORTS.postgres}/${service}`,
    slotName(service),
  );
}

/** Read as the exporter's role: pg_monitor reads the slots, and Debezium's role may not connect to `postgres`. */
export function slotLag() {
  const password = encodeURIComponent(loadSecrets().passwords.monitor);
  return replicationSlotLag(`postgresql://monitor:${password}@${HOST}:${PORTS.postgres}/postgres`);
}
