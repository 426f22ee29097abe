import express, { type Express } from "express";
import { z } from "zod";
import {
  AppError,
  healthRoutes,
  notFound,
  problemDetails,
  type Logger,
  type Pool,
  httpMetrics,
  metricsRoute,
} from "@firebreak/platform";
import { findPayment } from "./payments.repo.js";
import type { BreakerState } from "./circuit-breaker.js";

export interface AppDeps {
  pool: Pool;
  logger: Logger;
  breakerState: () => BreakerState;
  isShuttingDown: () => boolean;
}

export const orderId = z.string().uuid();

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(httpMetrics());
  app.use(metricsRoute());
  app.use(express.json({ limit: "16kb" }));
  app.use(healthRoutes({ postgres: () => deps.pool.query("SELECT 1") }, deps.isShuttingDown));
  app.get("/api/v1/payments/:orderId", async (req, res) => {
    const id = orderId.parse(req.params.orderId);
    const payment = await findPayment(deps.pool, id);
    if (!payment)
      throw new AppError("payment-not-found", `no payment for order ${id}`, 404, [
        { name: "orderId", reason: "unknown" },
      ]);
    res.json(payment);
  });
  app.get("/api/v1/payment-provider/breaker", (_req, res) => {
    res.json({ state: deps.breakerState() });
  });
  app.use(notFound);
  app.use(problemDetails(deps.logger));
  return app;
}
