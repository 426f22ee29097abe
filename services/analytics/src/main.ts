import { createClient } from "@clickhouse/client";
import { Kafka, logLevel } from "kafkajs";
import { createLogger, isShuttingDown, serve } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { createApp } from "./app.js";
import { applySchema } from "./events-store.js";
import { startSink } from "./sink.js";

const SERVICE = "analytics";
const logger = createLogger(SERVICE);
const config = readConfig();
const clickhouse = createClient({ url: config.CLICKHOUSE_URL, request_timeout: 30_000 });
await applySchema(clickhouse);
const kafka = new Kafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN });
const sink = await startSink({ kafka, clickhouse, logger });
serve(SERVICE, createApp({ clickhouse, logger, isShuttingDown }), config.PORT, logger, [
  ["sink", () => sink.stop()],
  ["clickhouse", () => clickhouse.close()],
]);
