import { createHash, randomUUID } from "node:crypto";
import express, { type Express } from "express";
import { z } from "zod";
import {
  AppError,
  healthRoutes,
  httpMetrics,
  metricsRoute,
  notFound,
  problemDetails,
  requireApiKey,
  sleep,
  type Logger,
} from "@firebreak/platform";
import type { Config } from "./config.js";

const authorization = z.object({ amountCents: z.number().int().nonnegative() });
const idempotencyKey = z.string().min(1).max(128);

export interface Decision {
  status: "authorized" | "declined";
  reference: string;
  amountCents: number;
}

/** The same key gets the same verdict on any simulator: a hash of the key against the decline rate. */
export function declines(key: string, declineRate: number): boolean {
  const bucket = createHash("sha256").update(key).digest().readUInt32BE(0) / 0x1_0000_0000;
  return bucket < declineRate;
}

export function createApp(config: Config, logger: Logger): Express {
  const decisions = new Map<string, Decision>();
  const app = express();
  app.use(httpMetrics());
  app.use(metricsRoute());
  app.use(healthRoutes({}, () => false));
  // Merchants authenticate with the key the provider gave them, before their body is read.
  app.use(requireApiKey(config.PSP_API_KEY));
  app.use(express.json({ limit: "16kb" }));
  app.post("/v1/authorizations", async (req, res) => {
    const key = idempotencyKey.parse(req.get("idempotency-key"));
    const { amountCents } = authorization.parse(req.body);
    await sleep(config.LATENCY_MS + Math.random() * config.LATENCY_JITTER_MS);
    if (Math.random() < config.ERROR_RATE) throw new AppError("provider-unavailable", "simulated provider error", 503);
    const earlier = decisions.get(key);
    if (earlier && earlier.amountCents !== amountCents) {
      throw new AppError("idempotency-key-reused", "key used for another amount", 422, [
        { name: "Idempotency-Key", reason: "used for another amount" },
      ]);
    }
    const decision = earlier ?? {
      status: declines(key, config.DECLINE_RATE) ? "declined" : "authorized",
      reference: `psp_${randomUUID()}`,
      amountCents,
    };
    decisions.set(key, decision);
    res.json(decision);
  });
  app.use(notFound);
  app.use(problemDetails(logger));
  return app;
}
