import { z } from "zod";
import { brokers, databaseDeadlinesConfig, loadConfig, port, tokenConfig, url } from "@firebreak/platform";

const schema = z.object({
  PORT: port.default(18081),
  DATABASE_URL: url,
  ...databaseDeadlinesConfig,
  REDIS_URL: url,
  /** Redis answers in well under a millisecond; a command still unanswered after this is failed (a dead link). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(250),
  KAFKA_BROKERS: brokers,
  ORDER_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(60),
  ...tokenConfig,
});

export type Config = z.infer<typeof schema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
