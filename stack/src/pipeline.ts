import { ConnectClient, registerOutboxConnectors, replicationSlotLag } from "@firebreak/cdc";
import { linkPort, proxies } from "./chaos/links.js";
import { HOST, PORTS } from "./ports.js";
import { seedCustomers, seedInventory } from "./seed.js";
import { migrateService } from "./service-migrations.js";
import { loadSecrets } from "./secrets.js";
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

/** Makes the CDC path ready: outbox tables in place, one Debezium connector per service database, all RUNNING. */
export async function preparePipeline(): Promise<string[]> {
  await migrateAndSeed();
  return registerOutboxConnectors(
    connectClient(),
    // Through Connect's proxy to PostgreSQL, so the CDC link can be faulted like any other.
    SERVICES_WITH_DATABASE.map((service) => ({
      service,
      host: HOST,
      port: linkPort("connectToPostgres", proxies()),
    })),
  );
}

/** Read as the exporter's role: pg_monitor reads the slots, and Debezium's role may not connect to `postgres`. */
export function slotLag() {
  const password = encodeURIComponent(loadSecrets().passwords.monitor);
  return replicationSlotLag(`postgresql://monitor:${password}@${HOST}:${PORTS.postgres}/postgres`);
}
