import { z } from "zod";
import { brokers, loadConfig, port, tokenConfig, url } from "@firebreak/platform";
import { DEFAULT_MAX_ROWS } from "./sink.js";

const schema = z.object({
  ...tokenConfig,
  PORT: port.default(18085),
  /** The sink and the migrations: a user that may insert and run DDL. */
  CLICKHOUSE_URL: url,
  /** The read side: a read-only user whose every query is bounded in time, rows and memory. */
  CLICKHOUSE_READER_URL: url,
  CLICKHOUSE_TIMEOUT_MS: z.coerce.number().int().positive().max(20_000).default(10_000),
  KAFKA_BROKERS: brokers,
  BATCH_MAX_EVENTS: z.coerce.number().int().positive().default(DEFAULT_MAX_ROWS),
});

export type Config = z.infer<typeof schema>;
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
