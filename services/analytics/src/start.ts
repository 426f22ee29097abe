import { createClient } from "@clickhouse/client";
import {
  createLogger,
  isShuttingDown,
  kafkaClient,
  loadTokenPolicy,
  stopInOrder,
  type ShutdownStep,
  type StartedService,
  type StartOptions,
} from "@firebreak/platform";
import type { Config } from "./config.js";
import { createApp } from "./app.js";
import { applySchema } from "./events-store.js";
import { startSink } from "./sink.js";

export const SERVICE = "analytics";

/** Brings ClickHouse's schema up to date, starts the sink that lands every event there, and builds the read API. */
export async function start(config: Config, { background = true }: StartOptions = {}): Promise<StartedService> {
  const logger = createLogger(SERVICE);
  // A migration may copy up to 7 days of events (0003: ~30 s for 7.5 million on two busy cores).
  const migrations = createClient({ url: config.CLICKHOUSE_URL, request_timeout: 30 * 60_000 });
  try {
    logger.info({ applied: await applySchema(migrations) }, "ClickHouse schema up to date");
  } finally {
    await migrations.close();
  }
  const reader = createClient({ url: config.CLICKHOUSE_READER_URL, request_timeout: config.CLICKHOUSE_TIMEOUT_MS });
  const steps: ShutdownStep[] = [];
  if (background) {
    // An insert's deadline stays well under the consumer group's 30 s session timeout: the sink
    // heartbeats between attempts, so a ClickHouse that hangs costs retries, not a rebalance.
    const writer = createClient({ url: config.CLICKHOUSE_URL, request_timeout: config.CLICKHOUSE_TIMEOUT_MS });
    const kafka = kafkaClient(SERVICE, config.KAFKA_BROKERS);
    const sink = await startSink({ kafka, clickhouse: writer, logger, maxRows: config.BATCH_MAX_EVENTS });
    steps.push(["sink", () => sink.stop()], ["clickhouse writer", () => writer.close()]);
  }
  const app = createApp({ clickhouse: reader, logger, isShuttingDown, tokens: await loadTokenPolicy(config) });
  steps.push(["clickhouse reader", () => reader.close()]);
  return { app, logger, stop: stopInOrder(logger, steps) };
}
