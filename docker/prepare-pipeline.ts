/**
 * The compose stack's counterpart of the pipeline step of `firebreak up` (stack/src/native/pipeline.ts),
 * run once by the prepare-pipeline service before the services start: each service database gets
 * its schema as the service's owner role and the catalogue and customers are seeded; then one
 * Debezium connector per database is registered, reading PostgreSQL through Connect's Toxiproxy
 * proxy, and awaited until RUNNING. Addresses and passwords come from docker-compose.yml.
 */
import { ConnectClient, registerOutboxConnectors } from "@firebreak/cdc";
import { migrateAndSeed } from "@firebreak/stack/pipeline";
import { SERVICES_WITH_DATABASE } from "@firebreak/stack/service-env";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

await migrateAndSeed((service) => required(`${service.toUpperCase()}_DATABASE_URL`));

const [host, port] = required("CONNECTOR_DATABASE_ADDRESS").split(":");
const connectors = await registerOutboxConnectors(
  new ConnectClient(required("CONNECT_URL")),
  SERVICES_WITH_DATABASE.map((service) => ({ service, host: host!, port: Number(port) })),
);
process.stdout.write(`connectors running: ${connectors.join(", ")}\n`);
