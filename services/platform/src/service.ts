import type { Express } from "express";
import { Kafka, logLevel } from "kafkajs";
import { createPool, migrate, PLATFORM_MIGRATIONS, type Pool } from "./db.js";
import { createLogger, type Logger } from "./logger.js";
import { closeServer, onShutdown, type ShutdownStep } from "./shutdown.js";

export interface ServiceBase {
  logger: Logger;
  pool: Pool;
  kafka: Kafka;
  /** True from the first shutdown signal on; readiness turns false so traffic drains away. */
  isShuttingDown: () => boolean;
}

let shuttingDown = false;

/** True from the first shutdown signal on; readiness turns false so traffic drains away. */
export const isShuttingDown = () => shuttingDown;

/** What every database-owning service starts with: a logger, a migrated pool and a Kafka client. */
export async function startServiceBase(
  name: string,
  config: { DATABASE_URL: string; KAFKA_BROKERS: string[] },
  migrationsDir: string,
): Promise<ServiceBase> {
  const logger = createLogger(name);
  const pool = createPool(config.DATABASE_URL);
  await migrate(pool, [
    { prefix: "platform", dir: PLATFORM_MIGRATIONS },
    { prefix: name, dir: migrationsDir },
  ]);
  const kafka = new Kafka({ clientId: name, brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN });
  return { logger, pool, kafka, isShuttingDown };
}

/** Listens, and on SIGTERM stops taking requests first, then runs the service's own steps in order. */
export function serve(name: string, app: Express, port: number, logger: Logger, steps: ShutdownStep[]): void {
  const server = app.listen(port, () => logger.info({ port }, `${name} listening`));
  onShutdown(logger, [["http", () => closeServer(server)], ...steps], () => (shuttingDown = true));
}
