import { pino, stdSerializers, type Logger } from "pino";

export type { Logger };

/** node-postgres attaches the whole client to a connection error: prepared statements, cancel key, socket. */
function withoutClients(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => withoutClients(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "client")
      .map(([key, item]) => [key, withoutClients(item, depth + 1)]),
  );
}

/**
 * An error as a log line needs it: pino's own serializer (message, stack, cause folded in, and the
 * error's fields), without the database client a connection error carries, kilobytes per line that
 * say nothing more. What is not an Error is logged as it is.
 */
export function serializeError(error: unknown): unknown {
  return error instanceof Error ? withoutClients(stdSerializers.err(error)) : error;
}

/** JSON logs on stdout; the service name is on every line. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name: service, level, base: { service }, serializers: { err: serializeError } });
}
