import { z } from "zod";
import { brokers, loadConfig, port, url } from "@firebreak/platform";

const schema = z.object({
  PORT: port.default(18085),
  CLICKHOUSE_URL: url,
  KAFKA_BROKERS: brokers,
  BATCH_MAX_EVENTS: z.coerce.number().int().positive().default(500),
});

export type Config = z.infer<typeof schema>;
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
