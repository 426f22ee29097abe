import { ConnectClient, registerOutboxConnectors, replicationSlotLag } from "@firebreak/cdc";
import { createPool, migrate, PLATFORM_MIGRATIONS } from "@firebreak/platform";
import { linkPort, proxies } from "./chaos/links.js";
import { HOST, PORTS } from "./ports.js";
import { seedCustomers, seedInventory } from "./seed.js";
import { SERVICE_MIGRATIONS } from "./service-migrations.js";
import { loadSecrets } from "./secrets.js";
import { serviceEnv, SERVICES_WITH_DATABASE, type ServiceWithDatabase } from "./service-env.js";

export const connectClient = () => new ConnectClient(`http://${HOST}:${PORTS.connect}`);

/**
 * Each service database gets its schema (the outbox and its publication first), as the service's
 * own role, so that the connectors find their publications; then the catalogue is seeded.
 */
export async function migrateAndSeed(
  databaseUrl: (service: ServiceWithDatabase) => string = (service) => serviceEnv(service).DATABASE_URL!,
): Promise<void> {
  for (const service of SERVICES_WITH_DATABASE) {
    const pool = createPool(databaseUrl(service), 1);
    try {
      await migrate(pool, [
        { prefix: "platform", dir: PLATFORM_MIGRATIONS },
        { prefix: service, dir: SERVICE_MIGRATIONS[service] },
      ]);
      if (service === "inventory") await seedInventory(pool);
      if (service === "orders") await seedCustomers(pool);
    } finally {
      await pool.end();
    }
  }
}

/** Makes the CDC path ready: outbox tables in place, one Debezium connector per service database, all RUNNING. */
export async function preparePipeline(): Promise<string[]> {
  await migrateAndSeed();
  const password = loadSecrets().passwords.debezium;
  return registerOutboxConnectors(
    connectClient(),
    // Through Connect's proxy to PostgreSQL, so the CDC link can be faulted like any other.
    SERVICES_WITH_DATABASE.map((service) => ({
      service,
      host: HOST,
      port: linkPort("connectToPostgres", proxies()),
      password,
    })),
  );
}

export function slotLag() {
  const password = encodeURIComponent(loadSecrets().passwords.debezium);
  return replicationSlotLag(`postgresql://debezium:${password}@${HOST}:${PORTS.postgres}/postgres`);
}
