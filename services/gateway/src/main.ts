import { bindHost, closeServer, serve } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { SERVICE, start } from "./start.js";

const config = readConfig();
const { app, admin, logger, stop } = await start(config);
// Both ports are shared with a second gateway while one takes over from the other (the clock-skew
// experiment's handover), so that clients never find the port closed.
const adminServer = admin.listen({ port: config.ADMIN_PORT, host: bindHost(), reusePort: true }, () =>
  logger.info({ port: config.ADMIN_PORT }, "gateway admin (metrics, health) listening"),
);
serve(
  SERVICE,
  app,
  config.PORT,
  logger,
  [
    ["admin", () => closeServer(adminServer)],
    [SERVICE, stop],
  ],
  { reusePort: true },
);
