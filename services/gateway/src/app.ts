import { randomUUID } from "node:crypto";
import express, { type Express, type RequestHandler } from "express";
import type { Redis } from "ioredis";
import {
  AppError,
  methodNotAllowedError,
  primeHttpSeries,
  requireCaller,
  serviceApp,
  VerifiedTokens,
  type Caller,
  type Logger,
  type TokenPolicy,
} from "@firebreak/platform";
import { bodyBytes } from "./body.js";
import { rateLimit } from "./rate-limit.js";
import { limitUnauthenticated } from "./unauthenticated-limit.js";
import { forwardTo, upstreamAgent } from "./proxy.js";

export interface Upstreams {
  orders: string;
  inventory: string;
  payments: string;
  analytics: string;
}

export interface AppDeps {
  redis: Redis;
  logger: Logger;
  tokens: TokenPolicy;
  upstreams: Upstreams;
  upstreamTimeoutMs: number;
  ratePerSecond: number;
  /** Refused authentications per client address and second before its unverified requests get 429. */
  unauthenticatedPerSecond: number;
  isShuttingDown: () => boolean;
  verifiedTokens?: VerifiedTokens<Caller>;
}

const REQUEST_ID = /^[\w-]{1,128}$/;

/**
 * The route as the SLOs name it: ids in the path become :id, so that every order read is one series.
 * An id is letters, digits, '-', '_' or '.' but never a dot segment, and nothing in it is
 * percent-encoded: "%2e%2e" must not become ".." on its way to a service.
 */
export function routeTemplate(url: string): string | undefined {
  const path = url.split("?")[0]!;
  const match = /^\/api\/v1\/(orders|products|payments)\/([\w.-]{1,128})$/.exec(path);
  if (match && !/^\.+$/.test(match[2]!)) return `/api/v1/${match[1]}/${match[1] === "payments" ? ":orderId" : ":id"}`;
  return /^\/api\/v1\/(orders|products|analytics\/[\w-]+)$/.test(path) ? path : undefined;
}

/** The only routes the gateway forwards, with their methods; anything else never reaches a service. */
const PUBLIC_ROUTES: Record<string, string[]> = {
  "/api/v1/orders": ["GET", "POST"],
  "/api/v1/orders/:id": ["GET"],
  "/api/v1/products": ["GET"],
  "/api/v1/products/:id": ["GET"],
  "/api/v1/payments/:orderId": ["GET"],
};
const methodsOf = (route: string | undefined) =>
  route === undefined
    ? undefined
    : (PUBLIC_ROUTES[route] ?? (route.startsWith("/api/v1/analytics/") ? ["GET"] : undefined));

/** 404 for a path the gateway does not own (traversal included), 405 with Allow for a method it does not take. */
const ownedRoutesOnly: RequestHandler = (req, res, next) => {
  const methods = methodsOf(routeTemplate(req.originalUrl));
  if (!methods) return next(new AppError("not-found", "no such route", 404));
  if (methods.includes(req.method) || (req.method === "HEAD" && methods.includes("GET"))) return next();
  next(methodNotAllowedError(res, req.method, methods));
};

/** Keeps a caller's x-request-id (when sane) or makes one, and echoes it on the response. */
const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get("x-request-id");
  res.locals.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.set("x-request-id", res.locals.requestId as string);
  next();
};

/**
 * The platform's frame with the gateway's own access: routing first (a path the gateway does not own
 * is refused without spending a token check on it), then the caller's token and its rate; health is
 * public, for a load balancer's probes, and metrics are on the admin port (admin.ts).
 */
export function createApp(deps: AppDeps): Express {
  primeHttpSeries([
    { method: "POST", route: "/api/v1/orders", status: 201 },
    { method: "GET", route: "/api/v1/orders/:id", status: 200 },
  ]);
  const verified = deps.verifiedTokens ?? new VerifiedTokens<Caller>();
  const agent = upstreamAgent(deps.upstreamTimeoutMs);
  const to = (upstream: string) => forwardTo(upstream, agent, deps.upstreamTimeoutMs);
  const routes = express.Router();
  routes.use("/api/v1/orders", to(deps.upstreams.orders));
  routes.use("/api/v1/products", to(deps.upstreams.inventory));
  routes.use("/api/v1/payments", to(deps.upstreams.payments));
  routes.use("/api/v1/analytics", to(deps.upstreams.analytics));
  return serviceApp({
    logger: deps.logger,
    readiness: {},
    isShuttingDown: deps.isShuttingDown,
    routeOf: (req) => routeTemplate(req.originalUrl),
    metrics: false,
    access: [
      requestId,
      ownedRoutesOnly,
      limitUnauthenticated(deps.unauthenticatedPerSecond, requireCaller(deps.tokens, verified), verified),
      rateLimit(deps.redis, deps.ratePerSecond, deps.logger),
      // Read only once the caller is known and within its rate: a refused request's body is never buffered.
      bodyBytes,
    ],
    jsonLimit: false,
    routes,
  });
}
