import { z } from "zod";
import { brokers, databaseConfig, loadConfig, port, tokenConfig } from "@firebreak/platform";

const schema = z.object({
  ...tokenConfig,
  PORT: port.default(18082),
  ...databaseConfig,
  KAFKA_BROKERS: brokers,
});

export type Config = z.infer<typeof schema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
