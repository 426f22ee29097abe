import { serve } from "@firebreak/platform";
import { readConfig } from "./config.js";
import { SERVICE, start } from "./start.js";

const config = readConfig();
const { app, logger, stop } = await start(config);
serve(SERVICE, app, config.PORT, logger, [[SERVICE, stop]]);
