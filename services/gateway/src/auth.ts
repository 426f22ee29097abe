import type { RequestHandler } from "express";
import { jwtVerify, type CryptoKey, type KeyObject } from "jose";
import { AppError } from "@firebreak/platform";

export interface Client {
  subject: string;
}

interface VerifiedToken {
  subject: string;
  usableUntilMs: number;
}

const MAX_CACHED_TOKENS = 4_096;
/**
 * A token without exp never stops verifying under the same key, so caching it for any time would be
 * correct; the bound only keeps such an entry from outliving a key change by more than a minute.
 */
const NO_EXPIRY_CACHE_MS = 60_000;

/**
 * Tokens that verified, least recently used first. Under a fixed key and issuer a verified token's
 * outcome changes only when it expires, so an entry is trusted while now < exp (jose's own rule).
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, VerifiedToken>();

  constructor(readonly capacity = MAX_CACHED_TOKENS) {}

  subjectOf(token: string, nowMs = Date.now()): string | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    this.#entries.delete(token);
    if (nowMs >= entry.usableUntilMs) return undefined;
    this.#entries.set(token, entry);
    return entry.subject;
  }

  remember(token: string, subject: string, exp: number | undefined, nowMs = Date.now()): void {
    const usableUntilMs = exp === undefined ? nowMs + NO_EXPIRY_CACHE_MS : exp * 1000;
    this.#entries.delete(token);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { subject, usableUntilMs });
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** Bearer JWTs signed with the stack's key; the subject is the client that rate limits count against. */
export function requireJwt(
  key: CryptoKey | KeyObject,
  issuer: string,
  verified = new VerifiedTokens(),
): RequestHandler {
  return async (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const [scheme, token] = header.split(" ");
    if (scheme !== "Bearer" || !token) {
      res.set("www-authenticate", 'Bearer realm="firebreak"');
      return next(
        new AppError("unauthorized", "a bearer token is required", 401, [
          { name: "Authorization", reason: "missing bearer token" },
        ]),
      );
    }
    const cached = verified.subjectOf(token);
    if (cached !== undefined) {
      res.locals.client = { subject: cached } satisfies Client;
      return next();
    }
    try {
      const { payload } = await jwtVerify(token, key, { issuer });
      if (!payload.sub) throw new Error("no subject");
      verified.remember(token, payload.sub, payload.exp);
      res.locals.client = { subject: payload.sub } satisfies Client;
      next();
    } catch (error) {
      res.set("www-authenticate", 'Bearer realm="firebreak", error="invalid_token"');
      next(
        new AppError("unauthorized", "the bearer token is not valid", 401, [
          { name: "Authorization", reason: (error as Error).message },
        ]),
      );
    }
  };
}
