const MAX_CACHED_TOKENS = 4_096;

/**
 * Tokens that verified, least recently used first, with what they said. Under a fixed key, issuer and
 * audience a verified token's outcome changes only when it expires, so an entry is trusted until then.
 */
export class VerifiedTokens<Value> {
  readonly #entries = new Map<string, { value: Value; usableUntilMs: number }>();

  constructor(readonly capacity = MAX_CACHED_TOKENS) {}

  get(token: string, nowMs = Date.now()): Value | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    this.#entries.delete(token);
    if (nowMs >= entry.usableUntilMs) return undefined;
    this.#entries.set(token, entry);
    return entry.value;
  }

  /** `usableUntil` in seconds since the epoch, as a JWT's exp. */
  remember(token: string, value: Value, usableUntil: number): void {
    this.#entries.delete(token);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { value, usableUntilMs: usableUntil * 1000 });
  }

  get size(): number {
    return this.#entries.size;
  }
}
