import { randomUUID } from "node:crypto";
import express, { type Express, type RequestHandler } from "express";
import type { Redis } from "ioredis";
import type { CryptoKey, KeyObject } from "jose";
import {
  healthRoutes,
  httpMetrics,
  metricsRoute,
  notFound,
  primeHttpSeries,
  problemDetails,
  type Logger,
} from "@firebreak/platform";
import { requireJwt, type VerifiedTokens } from "./auth.js";
import { bodyBytes } from "./body.js";
import { rateLimit } from "./rate-limit.js";
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
  jwtKey: CryptoKey | KeyObject;
  jwtIssuer: string;
  upstreams: Upstreams;
  upstreamTimeoutMs: number;
  ratePerSecond: number;
  isShuttingDown: () => boolean;
  verifiedTokens?: VerifiedTokens;
}

const REQUEST_ID = /^[\w-]{1,128}$/;

/** The route as the SLOs name it: ids in the path become :id, so that every order read is one series. */
export function routeTemplate(url: string): string {
  const path = url.split("?")[0]!;
  const match = /^\/api\/v1\/(orders|products|payments)\/[^/]+$/.exec(path);
  if (match) return `/api/v1/${match[1]}/${match[1] === "payments" ? ":orderId" : ":id"}`;
  return /^\/api\/v1\/(orders|products|analytics\/[\w-]+)$/.test(path) ? path : "unmatched";
}

/** Keeps a caller's x-request-id (when sane) or makes one, and echoes it on the response. */
const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get("x-request-id");
  res.locals.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.set("x-request-id", res.locals.requestId as string);
  next();
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestId);
  app.use(httpMetrics((req) => routeTemplate(req.originalUrl)));
  primeHttpSeries([
    { method: "POST", route: "/api/v1/orders", status: 201 },
    { method: "GET", route: "/api/v1/orders/:id", status: 200 },
  ]);
  app.use(metricsRoute());
  app.use(healthRoutes({}, deps.isShuttingDown));
  const api = express.Router();
  api.use(requireJwt(deps.jwtKey, deps.jwtIssuer, deps.verifiedTokens));
  api.use(rateLimit(deps.redis, deps.ratePerSecond, deps.logger));
  // Read only once the caller is known and within its rate: a refused request's body is never buffered.
  api.use(bodyBytes);
  const agent = upstreamAgent(deps.upstreamTimeoutMs);
  const to = (upstream: string) => forwardTo(upstream, agent, deps.upstreamTimeoutMs);
  api.use("/orders", to(deps.upstreams.orders));
  api.use("/products", to(deps.upstreams.inventory));
  api.use("/payments", to(deps.upstreams.payments));
  api.use("/analytics", to(deps.upstreams.analytics));
  app.use("/api/v1", api);
  app.use(notFound);
  app.use(problemDetails(deps.logger));
  return app;
}
