import type { RequestHandler } from "express";
import { AppError, bearerToken, type Caller, type VerifiedTokens } from "@firebreak/platform";

/**
 * Authentication with a per-address limit on its refusals. The per-caller rate limit only starts once a
 * caller is known, so without this anyone could make the gateway verify signatures (its costliest
 * step) as fast as they can send garbage tokens. Once an address has had `perSecond` refusals in the
 * current second, its requests get 429 without a check, unless they carry a token this gateway has
 * already verified: a client behind the same address with a good token carries on.
 *
 * Counted in this process, not in Redis: refusals cost good traffic nothing, and the limit holds when
 * Redis does not (the per-caller limiter fails open). Behind a load balancer the address is the
 * balancer's; a deployment there would key on its forwarded address instead.
 */
export function limitUnauthenticated(
  perSecond: number,
  authenticate: RequestHandler,
  verified: VerifiedTokens<Caller>,
): RequestHandler {
  let second = 0;
  let refusals = new Map<string, number>();
  const current = () => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) [second, refusals] = [now, new Map()];
    return refusals;
  };
  return (req, res, next) => {
    const address = req.socket.remoteAddress ?? "unknown";
    if ((current().get(address) ?? 0) >= perSecond) {
      const token = bearerToken(req.get("authorization"));
      if (token === undefined || verified.get(token) === undefined) {
        res.set("retry-after", "1");
        return next(
          new AppError(
            "rate-limited",
            `more than ${perSecond} unauthenticated requests a second from this address`,
            429,
          ),
        );
      }
    }
    authenticate(req, res, (error?: unknown) => {
      if (error instanceof AppError && error.status === 401) current().set(address, (current().get(address) ?? 0) + 1);
      next(error);
    });
  };
}
