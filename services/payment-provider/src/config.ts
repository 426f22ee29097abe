import { z } from "zod";
import { loadConfig, port } from "@firebreak/platform";

const rate = z.coerce.number().min(0).max(1);
const schema = z.object({
  PORT: port.default(18086),
  /** The one merchant key this simulator accepts (a real provider issues one per merchant). */
  PSP_API_KEY: z.string().min(16),
  DECLINE_RATE: rate.default(0.1),
  ERROR_RATE: rate.default(0),
  LATENCY_MS: z.coerce.number().int().min(0).default(20),
  LATENCY_JITTER_MS: z.coerce.number().int().min(0).default(20),
  /** Where the ledger is kept across restarts; unset, it lives in memory. */
  LEDGER_FILE: z.string().min(1).optional(),
});

export type Config = z.infer<typeof schema>;
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(schema, env);
