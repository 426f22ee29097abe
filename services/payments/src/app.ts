import { Router, type Express } from "express";
import { z } from "zod";
import {
  AppError,
  callerOf,
  requireOperator,
  serviceApp,
  type Logger,
  type Pool,
  type TokenPolicy,
} from "@firebreak/platform";
import { findPayment } from "./payments.repo.js";
import type { BreakerState } from "./circuit-breaker.js";

export interface AppDeps {
  pool: Pool;
  logger: Logger;
  breakerState: () => BreakerState;
  isShuttingDown: () => boolean;
  tokens: TokenPolicy;
}

export const orderId = z.string().uuid();

function paymentRoutes(deps: AppDeps): Router {
  const routes = Router();
  routes.get("/api/v1/payments/:orderId", async (req, res) => {
    const id = orderId.parse(req.params.orderId);
    const payment = await findPayment(deps.pool, id);
    const caller = callerOf(res);
    // Someone else's payment is answered as a missing one, so that order ids cannot be probed.
    if (!payment || !(caller.operator || payment.customerId === caller.subject)) {
      throw new AppError("payment-not-found", `no payment for order ${id}`, 404, [
        { name: "orderId", reason: "unknown" },
      ]);
    }
    res.json(payment);
  });
  routes.get("/api/v1/payment-provider/breaker", requireOperator, (_req, res) => {
    res.json({ state: deps.breakerState() });
  });
  return routes;
}

export const createApp = (deps: AppDeps): Express =>
  serviceApp({
    ...deps,
    jsonLimit: "16kb",
    readiness: { postgres: () => deps.pool.query("SELECT 1") },
    routes: paymentRoutes(deps),
  });
