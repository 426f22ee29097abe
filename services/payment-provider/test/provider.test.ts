import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "@firebreak/platform";
import { createApp, declines } from "../src/app.js";

const API_KEY = "merchant-key-for-the-tests";
const server = createApp(
  { PORT: 0, PSP_API_KEY: API_KEY, DECLINE_RATE: 0.5, ERROR_RATE: 0, LATENCY_MS: 0, LATENCY_JITTER_MS: 0 },
  createLogger("provider-test", "silent"),
).listen(0);
const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
/** `authorization` null sends none. */
const authorize = (key: string | undefined, body: unknown, authorization: string | null = `Bearer ${API_KEY}`) =>
  fetch(`${base()}/v1/authorizations`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { "idempotency-key": key } : {}),
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify(body),
  });

describe("payment-provider simulator", () => {
  it("When a key is retried, then the answer is the same", async () => {
    const first = await (await authorize("order-1", { amountCents: 10 })).json();
    const second = await (await authorize("order-1", { amountCents: 10 })).json();
    expect(second).toEqual(first);
    expect((await authorize("order-1", { amountCents: 11 })).status).toBe(422);
  });

  it("When the decline rate is set, then about that share of keys is declined, deterministically", () => {
    const keys = Array.from({ length: 2_000 }, (_, i) => `key-${i}`);
    const share = keys.filter((key) => declines(key, 0.2)).length / keys.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    expect(keys.map((key) => declines(key, 0.2))).toEqual(keys.map((key) => declines(key, 0.2)));
  });

  it("When a caller has no merchant key or the wrong one, then it is 401 before its body is read, and nothing is decided", async () => {
    for (const authorization of [null, "Bearer not-the-merchant-key", `Basic ${API_KEY}`, `Bearer ${API_KEY} x`]) {
      const refused = await authorize("order-401", { amountCents: 10 }, authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
    // An oversized body without a key is refused as unauthenticated, not parsed (413) first.
    const big = await authorize("order-401", { amountCents: 10, pad: "x".repeat(70_000) }, null);
    expect(big.status).toBe(401);
    // Had a refused call been decided, this key would now be bound to 10 cents (422 for another amount).
    const first = await authorize("order-401", { amountCents: 11 });
    expect(first.status).toBe(200);
  });

  it("When the body is larger than any authorization, then it is a 413 problem", async () => {
    const big = await authorize("order-413", { amountCents: 10, pad: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    expect(big.headers.get("content-type")).toContain("application/problem+json");
  });

  it("When the request is bad, then a 400 problem names the field", async () => {
    const noKey = await authorize(undefined, { amountCents: 10 });
    expect(noKey.status).toBe(400);
    const badAmount = await authorize("k", { amountCents: -1 });
    expect(((await badAmount.json()) as { "invalid-params": { name: string }[] })["invalid-params"][0]!.name).toBe(
      "amountCents",
    );
  });
});
