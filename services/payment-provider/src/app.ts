import { createHash, randomUUID } from "node:crypto";
import { Router, type Express } from "express";
import { z } from "zod";
import { AppError, headerParam, requireApiKey, serviceApp, sleep, type Logger } from "@firebreak/platform";
import type { Config } from "./config.js";
import { Ledger } from "./ledger.js";

const authorization = z.object({ amountCents: z.number().int().nonnegative() });
const idempotencyKey = z.string().min(1).max(128);

/** The same key gets the same verdict on any simulator: a hash of the key against the decline rate. */
export function declines(key: string, declineRate: number): boolean {
  const bucket = createHash("sha256").update(key).digest().readUInt32BE(0) / 0x1_0000_0000;
  return bucket < declineRate;
}

const keyParam = (params: unknown) => z.object({ key: idempotencyKey }).parse(params).key;

export function createApp(
  config: Config,
  logger: Logger,
  ledger = new Ledger(),
  isShuttingDown: () => boolean = () => false,
): Express {
  const routes = Router();
  routes.post("/v1/authorizations", async (req, res) => {
    const key = headerParam("Idempotency-Key", idempotencyKey, req.get("idempotency-key"));
    const { amountCents } = authorization.parse(req.body);
    await sleep(config.LATENCY_MS + Math.random() * config.LATENCY_JITTER_MS);
    if (Math.random() < config.ERROR_RATE) throw new AppError("provider-unavailable", "simulated provider error", 503);
    // Read after the wait: a void that arrived meanwhile wins, so a voided key is never authorized.
    const earlier = ledger.get(key);
    if (earlier?.status === "voided") return void res.json(earlier);
    if (earlier && earlier.amountCents !== amountCents) {
      throw new AppError("idempotency-key-reused", "key used for another amount", 422, [
        { name: "Idempotency-Key", reason: "used for another amount" },
      ]);
    }
    res.json(
      earlier ??
        ledger.set({
          key,
          status: declines(key, config.DECLINE_RATE) ? "declined" : "authorized",
          reference: `psp_${randomUUID()}`,
          amountCents,
        }),
    );
  });
  // What was decided for a key: how a merchant resolves a call whose answer it never got.
  routes.get("/v1/authorizations/:key", (req, res) => {
    const entry = ledger.get(keyParam(req.params));
    if (!entry) throw new AppError("not-found", "no authorization for this key", 404);
    res.json(entry);
  });
  // Releases what an authorization holds. A key not seen yet is voided in advance, so that a call
  // still on its way can no longer authorize it. Voiding again, or voiding a decline, changes nothing.
  routes.post("/v1/authorizations/:key/void", (req, res) => {
    const key = keyParam(req.params);
    const entry = ledger.get(key);
    if (entry?.status === "voided" || entry?.status === "declined") return void res.json(entry);
    res.json(
      ledger.set(
        entry
          ? { ...entry, status: "voided", wasAuthorized: true }
          : { key, status: "voided", reference: `psp_${randomUUID()}`, amountCents: 0, wasAuthorized: false },
      ),
    );
  });
  // The merchant's statement: every key and its state, for reconciliation.
  routes.get("/v1/ledger", (_req, res) => void res.json({ openedAt: ledger.openedAt, entries: ledger.all() }));
  return serviceApp({
    logger,
    readiness: {},
    isShuttingDown,
    // Merchants authenticate with the key the provider gave them, before their body is read.
    access: [requireApiKey(config.PSP_API_KEY)],
    jsonLimit: "16kb",
    routes,
  });
}
