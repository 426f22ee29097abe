import { createClient } from "@clickhouse/client";
import { Kafka, logLevel } from "kafkajs";
import { createLogger, isShuttingDown, loadTokenPolicy, serve } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { createApp } from "./app.js";
import { applySchema } from "./events-store.js";
import { startSink } from "./sink.js";

const SERVICE = "analytics";
const logger = createLogger(SERVICE);
const config = readConfig();
// A migration may copy up to 7 days of events (0003: ~30 s for 7.5 million on two busy cores).
const migrations = createClient({ url: config.CLICKHOUSE_URL, request_timeout: 30 * 60_000 });
logger.info({ applied: await applySchema(migrations) }, "ClickHouse schema up to date");
await migrations.close();
// An insert's deadline stays well under the consumer group's 30 s session timeout: the sink heartbeats
// between attempts, so a ClickHouse that hangs costs retries, not a rebalance.
const clickhouse = createClient({ url: config.CLICKHOUSE_URL, request_timeout: config.CLICKHOUSE_TIMEOUT_MS });
const reader = createClient({ url: config.CLICKHOUSE_READER_URL, request_timeout: config.CLICKHOUSE_TIMEOUT_MS });
const kafka = new Kafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN });
const sink = await startSink({ kafka, clickhouse, logger, maxRows: config.BATCH_MAX_EVENTS });
serve(
  SERVICE,
  createApp({ clickhouse: reader, logger, isShuttingDown, tokens: await loadTokenPolicy(config) }),
  config.PORT,
  logger,
  [
    ["sink", () => sink.stop()],
    ["clickhouse", () => Promise.all([clickhouse.close(), reader.close()])],
  ],
);
