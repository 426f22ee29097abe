import type { RequestHandler } from "express";
import { jwtVerify, type CryptoKey, type KeyObject } from "jose";
import { AppError } from "@firebreak/platform";

export interface Client {
  subject: string;
}

/** Bearer JWTs signed with the stack's key; the subject is the client that rate limits count against. */
export function requireJwt(key: CryptoKey | KeyObject, issuer: string): RequestHandler {
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
    try {
      const { payload } = await jwtVerify(token, key, { issuer });
      if (!payload.sub) throw new Error("no subject");
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
