import { bindHost, closeServer, createLogger, onShutdown } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { createApp } from "./app.js";

const logger = createLogger("payment-provider");
const config = readConfig();
const server = createApp(config, logger).listen(config.PORT, bindHost(), () =>
  logger.info({ port: config.PORT, declineRate: config.DECLINE_RATE }, "payment-provider simulator listening"),
);
onShutdown(logger, [["http", () => closeServer(server)]]);
