/**
 * Loaded with `node --import tsx --import @firebreak/platform/telemetry <main>`, before any module
 * it instruments: the ESM hook lets the instrumentations patch packages that are imported, not
 * required, and the SDK must be running before pg, ioredis, express and pino load. With the SDK
 * disabled the hook is not registered either, so "tracing off" runs no instrumentation code at all.
 */
import { register } from "node:module";
import { startTelemetry } from "./sdk.js";

if (process.env.OTEL_SDK_DISABLED !== "true") {
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  startTelemetry();
}
