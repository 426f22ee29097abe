import { z } from "zod";
import { loadConfig, port, tokenConfig, url } from "@firebreak/platform";

const schema = z.object({
  PORT: port.default(18080),
  ADMIN_PORT: port.default(18088),
  REDIS_URL: url,
  /** Redis answers in well under a millisecond; a command still unanswered after this is failed (a dead link). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(250),
  ORDERS_URL: url,
  INVENTORY_URL: url,
  PAYMENTS_URL: url,
  ANALYTICS_URL: url,
  ...tokenConfig,
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  RATE_LIMIT_PER_SECOND: z.coerce.number().int().positive().default(100),
  UNAUTHENTICATED_LIMIT_PER_SECOND: z.coerce.number().int().positive().default(50),
});

export type Config = z.infer<typeof schema>;
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
