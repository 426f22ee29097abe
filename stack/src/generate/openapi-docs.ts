import { stringify } from "yaml";
import { openApiDocument, type Operation } from "@firebreak/platform";
import { ORDERS_OPERATIONS } from "@firebreak/orders/openapi";
import { INVENTORY_OPERATIONS } from "@firebreak/inventory/openapi";
import { PAYMENTS_OPERATIONS } from "@firebreak/payments/openapi";
import { ANALYTICS_OPERATIONS } from "@firebreak/analytics/openapi";
import { generatedNotice } from "./notice.js";

const VERSION = "0.1.0";
/** What the gateway forwards (services/gateway/src/app.ts); anything else is internal. */
const GATEWAY_ROUTES = /^\/api\/v1\/(orders|products|payments|analytics)(\/|$)/;
export const OPENAPI_HEADER = `# ${generatedNotice("the services' zod schemas")}\n`;

const SERVICE_DOCS: Record<string, { description: string; operations: Operation[] }> = {
  orders: { description: "Places orders and follows them through the saga.", operations: ORDERS_OPERATIONS },
  inventory: { description: "Products and stock.", operations: INVENTORY_OPERATIONS },
  payments: { description: "Payments decided for orders.", operations: PAYMENTS_OPERATIONS },
  analytics: { description: "The read side over ClickHouse.", operations: ANALYTICS_OPERATIONS },
};

/** Every OpenAPI document: one per service, and the gateway's, which is the public API (bearer JWT). */
export function renderOpenApiDocs(): Map<string, string> {
  const docs = new Map<string, string>();
  for (const [service, { description, operations }] of Object.entries(SERVICE_DOCS)) {
    // Each service verifies the caller's bearer token itself, as the gateway does.
    const doc = openApiDocument({ title: `Firebreak ${service}`, version: VERSION, description }, operations, true);
    docs.set(`services/${service}/openapi.yaml`, OPENAPI_HEADER + stringify(doc));
  }
  const publicOperations = Object.values(SERVICE_DOCS)
    .flatMap((service) => service.operations)
    .filter((op) => GATEWAY_ROUTES.test(op.path));
  const gateway = openApiDocument(
    {
      title: "Firebreak public API",
      version: VERSION,
      description:
        "The gateway: every /api/v1 route, behind a bearer JWT (ES256; iss, aud, exp and nbf required) and per-client rate limits (429 with Retry-After). A customer's token acts on that customer's orders only; an operator's (scope operator) reads everything, analytics included.",
    },
    publicOperations,
    true,
  );
  docs.set("services/gateway/openapi.yaml", OPENAPI_HEADER + stringify(gateway));
  return docs;
}
