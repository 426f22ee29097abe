import { z } from "zod";
import { brokers, databaseConfig, loadConfig, port, tokenConfig, url } from "@firebreak/platform";

const schema = z.object({
  PORT: port.default(18081),
  ...databaseConfig,
  REDIS_URL: url,
  /** Redis answers in well under a millisecond; a command still unanswered after this is failed (a dead link). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(250),
  KAFKA_BROKERS: brokers,
  ORDER_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(60),
  /**
   * An order still undecided this long after placement counts against the saga-completion SLO from
   * that moment (firebreak_saga_overdue_total). The SLO's threshold in observability/slos/saga.yaml.
   */
  SAGA_DEADLINE_SECONDS: z.coerce.number().positive().default(5),
  ...tokenConfig,
});

export type Config = z.infer<typeof schema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
