import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { RequestHandler, Response } from "express";
import { importSPKI, jwtVerify, type CryptoKey, type KeyObject } from "jose";
import { z } from "zod";
import { AppError } from "./errors.js";
import { VerifiedTokens } from "./verified-tokens.js";

/** Who is asking: a customer acts on their own orders; an operator may read everything. */
export interface Caller {
  subject: string;
  operator: boolean;
}

export const TOKEN_ALGORITHM = "ES256";
export const OPERATOR_SCOPE = "operator";
/**
 * Who signs the stack's dev tokens, and the audience every service checks. The CLI mints with the same
 * two (stack/src/credentials/dev-token.ts) without importing this package, which would cost `firebreak token` a
 * second of start-up; the stack tests' tokens would all be refused if the two drifted apart.
 */
const DEV_TOKEN_ISSUER = "firebreak-dev";
const API_AUDIENCE = "firebreak-api";
/** Clocks of the issuer and the services differ a little; a token is usable this far either side of nbf and exp. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The environment every service that takes requests reads its token policy from. */
export const tokenConfig = {
  JWT_PUBLIC_KEY_FILE: z.string().min(1),
  JWT_ISSUER: z.string().default(DEV_TOKEN_ISSUER),
  JWT_AUDIENCE: z.string().default(API_AUDIENCE),
};

export interface TokenPolicy {
  key: CryptoKey | KeyObject;
  issuer: string;
  audience: string;
  clockToleranceSeconds?: number;
}

export async function loadTokenPolicy(config: z.infer<z.ZodObject<typeof tokenConfig>>): Promise<TokenPolicy> {
  const key = await importSPKI(readFileSync(config.JWT_PUBLIC_KEY_FILE, "utf8"), TOKEN_ALGORITHM);
  return { key, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
}

const unauthorized = (res: Response, invalid: boolean) => {
  res.set("www-authenticate", `Bearer realm="firebreak"${invalid ? ', error="invalid_token"' : ""}`);
  // The same words whatever was wrong: why a token failed helps an attacker more than a client.
  return invalid
    ? new AppError("unauthorized", "the bearer token is not valid", 401, [
        { name: "Authorization", reason: "invalid token" },
      ])
    : new AppError("unauthorized", "a bearer token is required", 401, [
        { name: "Authorization", reason: "missing bearer token" },
      ]);
};

/** The token of an `Authorization: Bearer <token>` header; undefined for any other shape. */
export function bearerToken(header: string | undefined): string | undefined {
  const [scheme, token, extra] = (header ?? "").split(" ");
  return scheme === "Bearer" && token && extra === undefined ? token : undefined;
}

/**
 * Bearer JWTs signed with the stack's key, for this audience, from this issuer: ES256 only, and exp,
 * nbf, iat and sub required. A verified token is cached until it expires. The gateway checks it first,
 * and each service checks it again, so a request that goes around the gateway gets 401 as well.
 */
export function requireCaller(policy: TokenPolicy, verified = new VerifiedTokens<Caller>()): RequestHandler {
  const tolerance = policy.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS;
  return async (req, res, next) => {
    const header = req.get("authorization");
    const token = bearerToken(header);
    if (token === undefined) return next(unauthorized(res, header?.split(" ")[0] === "Bearer"));
    const cached = verified.get(token);
    if (cached) {
      res.locals.caller = cached;
      return next();
    }
    try {
      const { payload } = await jwtVerify(token, policy.key, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: policy.issuer,
        audience: policy.audience,
        requiredClaims: ["exp", "nbf", "iat", "sub"],
        clockTolerance: tolerance,
      });
      const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
      const caller: Caller = { subject: payload.sub!, operator: scopes.includes(OPERATOR_SCOPE) };
      verified.remember(token, caller, payload.exp! + tolerance);
      res.locals.caller = caller;
      next();
    } catch {
      next(unauthorized(res, true));
    }
  };
}

/** The verified caller of a request that passed `requireCaller`. */
export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error("callerOf: the route is not behind requireCaller");
  return caller;
}

/** Refuses a caller who is not an operator: the route reads across customers. */
export const requireOperator: RequestHandler = (_req, res, next) => {
  next(
    callerOf(res).operator
      ? undefined
      : new AppError("forbidden", "this route is for operators", 403, [
          { name: "Authorization", reason: "no operator scope" },
        ]),
  );
};

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether an Authorization header carries this bearer key; compared in constant time, whatever the lengths. */
export function bearerMatches(header: string | undefined, key: string): boolean {
  const presented = bearerToken(header);
  return presented !== undefined && timingSafeEqual(digest(presented), digest(key));
}

/**
 * A shared API key, as a payment provider hands its merchants one: for a caller that is a system, not
 * a customer. Checked before the body is read, with the same 401 as a bad token.
 */
export function requireApiKey(key: string): RequestHandler {
  return (req, res, next) => {
    const header = req.get("authorization");
    next(bearerMatches(header, key) ? undefined : unauthorized(res, header !== undefined));
  };
}
