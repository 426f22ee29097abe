import { MIGRATIONS_DIR as INVENTORY_MIGRATIONS } from "@firebreak/inventory/migrations";
import { MIGRATIONS_DIR as ORDERS_MIGRATIONS } from "@firebreak/orders/migrations";
import { MIGRATIONS_DIR as PAYMENTS_MIGRATIONS } from "@firebreak/payments/migrations";
import type { ServiceWithDatabase } from "./service-env.js";

/** Each service's migrations folder, as its package exports it. */
export const SERVICE_MIGRATIONS: Record<ServiceWithDatabase, string> = {
  orders: ORDERS_MIGRATIONS,
  inventory: INVENTORY_MIGRATIONS,
  payments: PAYMENTS_MIGRATIONS,
};
