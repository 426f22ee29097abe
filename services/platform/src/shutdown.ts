import type { Server } from "node:http";
import type { Logger } from "pino";
import { stopTelemetry } from "./telemetry/sdk.js";

export type ShutdownStep = [name: string, stop: () => Promise<unknown>];

const SHUTDOWN_TIMEOUT_MS = 15_000;

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

/** Runs the steps in order; one that fails is logged and the next still runs. */
export function stopInOrder(logger: Logger, steps: ShutdownStep[]): () => Promise<void> {
  return async () => {
    for (const [name, stop] of steps) {
      try {
        await stop();
      } catch (error) {
        logger.error({ err: error, step: name }, "shutdown step failed");
      }
    }
  };
}

/**
 * On SIGTERM or SIGINT, runs the steps in order (stop taking requests, drain consumers, close pools)
 * and exits; a step that hangs cannot keep the process alive past the timeout.
 */
export function onShutdown(logger: Logger, steps: ShutdownStep[], markShuttingDown: () => void = () => {}): void {
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    markShuttingDown();
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown timed out");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    await stopInOrder(logger, [...steps, ["telemetry", stopTelemetry]])();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
}
