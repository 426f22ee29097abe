import { pino, stdSerializers, type Logger } from "pino";

export type { Logger };

/**
 * An error as a log line needs it. node-postgres attaches the whole client to a connection error (its
 * prepared statements, its cancel key, its socket state): kilobytes per line that say nothing more.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { client: _client, ...serialized } = stdSerializers.err(error) as unknown as Record<string, unknown>;
  return serialized;
}

/** JSON logs on stdout; the service name is on every line. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name: service, level, base: { service }, serializers: { err: serializeError } });
}
