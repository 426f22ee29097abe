import { z } from "zod";
import { brokers, loadConfig, port, tokenConfig, url } from "@firebreak/platform";

const schema = z.object({
  PORT: port.default(18081),
  DATABASE_URL: url,
  REDIS_URL: url,
  KAFKA_BROKERS: brokers,
  ORDER_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(60),
  ...tokenConfig,
});

export type Config = z.infer<typeof schema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
