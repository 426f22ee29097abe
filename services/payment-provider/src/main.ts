import { bindHost, closeServer, createLogger, onShutdown } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { createApp } from "./app.js";
import { Ledger } from "./ledger.js";

const logger = createLogger("payment-provider");
const config = readConfig();
const server = createApp(config, logger, new Ledger(config.LEDGER_FILE)).listen(config.PORT, bindHost(), () =>
  logger.info({ port: config.PORT, declineRate: config.DECLINE_RATE }, "payment-provider simulator listening"),
);
onShutdown(logger, [["http", () => closeServer(server)]]);
