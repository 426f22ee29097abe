import { MIGRATIONS_DIR as INVENTORY_MIGRATIONS } from "@firebreak/inventory/migrations";
import { MIGRATIONS_DIR as ORDERS_MIGRATIONS } from "@firebreak/orders/migrations";
import { MIGRATIONS_DIR as PAYMENTS_MIGRATIONS } from "@firebreak/payments/migrations";
import { createPool, migrate, PLATFORM_MIGRATIONS, type Pool } from "@firebreak/platform";
import { serviceEnv, type ServiceWithDatabase } from "./service-env.js";

/** Each service's migrations folder, as its package exports it. */
export const SERVICE_MIGRATIONS: Record<ServiceWithDatabase, string> = {
  orders: ORDERS_MIGRATIONS,
  inventory: INVENTORY_MIGRATIONS,
  payments: PAYMENTS_MIGRATIONS,
};

/**
 * Brings a service database's schema up to date as its owner (the runtime role may not change it),
 * the platform's tables first; then `afterwards` runs on the same connection.
 */
export async function migrateService(
  service: ServiceWithDatabase,
  ownerUrl: string,
  afterwards: (pool: Pool) => Promise<void> = async () => {},
): Promise<void> {
  const pool = createPool(ownerUrl, 1);
  try {
    await migrate(pool, [
      { prefix: "platform", dir: PLATFORM_MIGRATIONS },
      { prefix: service, dir: SERVICE_MIGRATIONS[service] },
    ]);
    await afterwards(pool);
  } finally {
    await pool.end();
  }
}

/** For component tests: the service's test database, migrated as its owner. */
export const migrateTestDatabase = (service: ServiceWithDatabase) =>
  migrateService(service, serviceEnv(service, "test").MIGRATION_DATABASE_URL!);
