/**
 * Loaded with `node --import tsx --import @firebreak/platform/telemetry <main>`, before any module
 * it instruments: the ESM hook lets the instrumentations patch packages that are imported, not
 * required, and the SDK must be running before pg, ioredis, kafkajs, express and pino load.
 */
import { register } from "node:module";
import { startTelemetry } from "./sdk.js";

register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
startTelemetry();
