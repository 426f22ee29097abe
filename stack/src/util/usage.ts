/** A mistake in how the CLI was called: the message names the bad value, and the exit code is 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
