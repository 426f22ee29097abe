import { z } from "zod";
import type { Operation } from "@firebreak/platform";
import { window } from "./app.js";

const read = (path: string, summary: string, row: z.ZodType): Operation => ({
  method: "get",
  path: `/api/v1/analytics/${path}`,
  summary,
  query: window,
  responses: { 200: { description: summary, schema: z.object({ minutes: z.number().int(), data: row }) } },
});

export const ANALYTICS_OPERATIONS: Operation[] = [
  read(
    "orders-per-minute",
    "Orders per minute by status, counted once per order",
    z.array(z.object({ minute: z.string(), status: z.string(), orders: z.number().int() })),
  ),
  read(
    "revenue-per-minute",
    "Authorised revenue per minute, each payment once",
    z.array(z.object({ minute: z.string(), revenueCents: z.number().int(), payments: z.number().int() })),
  ),
  read(
    "saga-outcomes",
    "Saga outcomes with p50/p99 durations from OrderPlaced to the deciding event",
    z.array(z.object({ outcome: z.string(), orders: z.number().int(), p50Ms: z.number(), p99Ms: z.number() })),
  ),
  read(
    "freshness",
    "Commit-to-ClickHouse lag of recent events",
    z.object({ events: z.number().int(), p50Ms: z.number(), p99Ms: z.number() }),
  ),
];
