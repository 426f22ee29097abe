import { z } from "zod";
import { brokers, databaseConfig, loadConfig, port, tokenConfig, url } from "@firebreak/platform";

const positiveInt = z.coerce.number().int().positive();
const schema = z.object({
  ...tokenConfig,
  PORT: port.default(18084),
  ...databaseConfig,
  KAFKA_BROKERS: brokers,
  PSP_URL: url,
  PSP_API_KEY: z.string().min(16),
  PSP_TIMEOUT_MS: positiveInt.default(1_000),
  PSP_MAX_ATTEMPTS: positiveInt.max(10).default(3),
  BREAKER_FAILURE_THRESHOLD: positiveInt.default(5),
  BREAKER_RESET_MS: positiveInt.default(10_000),
});

export type Config = z.infer<typeof schema>;
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
