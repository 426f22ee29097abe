const TRANSIENT_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|Command timed out|^Timeout error/;

/**
 * Connection-level failures and deadlines say nothing about the request or the event: a consumer
 * retries until the dependency is back, and a route answers 503 (problemDetails).
 * SQLSTATE classes 08 (connection), 53 (resources) and 57 (operator intervention, e.g. shutdown);
 * class 40 (deadlock, serialization failure) says only that a concurrent transaction won the race.
 */
export function isTransient(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  if (code) return /^(08|40|53|57)/.test(code) || ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(code);
  return TRANSIENT_MESSAGES.test(message ?? "");
}

/**
 * Failures no retry fixes, from PostgreSQL: SQLSTATE class 22 (data exception: a value out of range, a
 * division by zero) and 23 (integrity constraint violation). An event that fails so a few times is
 * dead-lettered. Anything else that is not a PoisonEvent (an unlisted network error, an expired
 * password, a missing table during a deploy) is retried until it succeeds: dead-lettering a good event
 * on an error the consumer did not foresee stalls its saga for good, where waiting stalls it only
 * until the cause is fixed, and the lag and saga pages say so meanwhile.
 */
export function isPermanent(error: unknown): boolean {
  const { code } = error as { code?: unknown };
  return typeof code === "string" && /^(22|23)[0-9A-Z]{3}$/.test(code);
}
