import { createLogger, isShuttingDown, type StartedService } from "@firebreak/platform";
import type { Config } from "./config.js";
import { createApp } from "./app.js";
import { Ledger } from "./ledger.js";

export const SERVICE = "payment-provider";

/** Opens the provider's ledger (kept across restarts when LEDGER_FILE names its file) and builds the simulator's API. */
export function start(config: Config): Promise<StartedService> {
  const logger = createLogger(SERVICE);
  logger.info({ declineRate: config.DECLINE_RATE }, "payment-provider simulator starting");
  const app = createApp(config, logger, new Ledger(config.LEDGER_FILE), isShuttingDown);
  // Every change is appended to the ledger's file as it is made: nothing is left to flush.
  return Promise.resolve({ app, logger, stop: () => Promise.resolve() });
}
