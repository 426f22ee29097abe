import { Router, type Express } from "express";
import { z } from "zod";
import type { ClickHouseClient } from "@clickhouse/client";
import { requireOperator, serviceApp, type Logger, type TokenPolicy } from "@firebreak/platform";
import { freshness, ordersPerMinute, revenuePerMinute, sagaOutcomes } from "./read-side.js";
import { ReadCache } from "./read-cache.js";

/**
 * A tenth of the load reads these, nearly always for the default hour, and the saga and freshness
 * reads scan their whole window (~850,000 events an hour at ~116 ops/s, 0.3 s of a busy core each):
 * a result at most 3 s old costs nothing to serve, and with commit to ClickHouse under 1 s it stays
 * well inside the 10 s freshness objective.
 */
export const READ_CACHE_TTL_MS = 3_000;

export interface AppDeps {
  clickhouse: ClickHouseClient;
  logger: Logger;
  isShuttingDown: () => boolean;
  tokens: TokenPolicy;
}

export const window = z.object({
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

function readSideRoutes(clickhouse: ClickHouseClient, cache: ReadCache): Router {
  const routes = Router();
  // Revenue and every customer's orders: the read side is for operators, not for customers.
  routes.use(requireOperator);
  const read = (path: string, query: (client: ClickHouseClient, minutes: number) => Promise<unknown>) =>
    routes.get(`/api/v1/analytics/${path}`, async (req, res) => {
      const { minutes } = window.parse(req.query);
      res.json({ minutes, data: await cache.get(`${path}?minutes=${minutes}`, () => query(clickhouse, minutes)) });
    });
  read("orders-per-minute", ordersPerMinute);
  read("revenue-per-minute", revenuePerMinute);
  read("saga-outcomes", sagaOutcomes);
  read("freshness", freshness);
  return routes;
}

export const createApp = (deps: AppDeps): Express =>
  serviceApp({
    ...deps,
    readiness: {
      clickhouse: async () => {
        const ping = await deps.clickhouse.ping();
        if (!ping.success) throw ping.error;
      },
    },
    routes: readSideRoutes(deps.clickhouse, new ReadCache(READ_CACHE_TTL_MS)),
  });
