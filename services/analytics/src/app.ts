import express, { type Express } from "express";
import { z } from "zod";
import type { ClickHouseClient } from "@clickhouse/client";
import { healthRoutes, notFound, problemDetails, type Logger, httpMetrics, metricsRoute } from "@firebreak/platform";
import { freshness, ordersPerMinute, revenuePerMinute, sagaOutcomes } from "./read-side.js";

export interface AppDeps {
  clickhouse: ClickHouseClient;
  logger: Logger;
  isShuttingDown: () => boolean;
}

export const window = z.object({
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(httpMetrics());
  app.use(metricsRoute());
  const pingClickhouse = async () => {
    const ping = await deps.clickhouse.ping();
    if (!ping.success) throw ping.error;
  };
  app.use(healthRoutes({ clickhouse: pingClickhouse }, deps.isShuttingDown));
  const read = (path: string, query: (client: ClickHouseClient, minutes: number) => Promise<unknown>) =>
    app.get(`/api/v1/analytics/${path}`, async (req, res) => {
      const { minutes } = window.parse(req.query);
      res.json({ minutes, data: await query(deps.clickhouse, minutes) });
    });
  read("orders-per-minute", ordersPerMinute);
  read("revenue-per-minute", revenuePerMinute);
  read("saga-outcomes", sagaOutcomes);
  read("freshness", freshness);
  app.use(notFound);
  app.use(problemDetails(deps.logger));
  return app;
}
