import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "@firebreak/platform";
import { createApp, declines } from "../src/app.js";

const server = createApp(
  { PORT: 0, DECLINE_RATE: 0.5, ERROR_RATE: 0, LATENCY_MS: 0, LATENCY_JITTER_MS: 0 },
  createLogger("provider-test", "silent"),
).listen(0);
const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const authorize = (key: string | undefined, body: unknown) =>
  fetch(`${base()}/v1/authorizations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
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

  it("When the request is bad, then a 400 problem names the field", async () => {
    const noKey = await authorize(undefined, { amountCents: 10 });
    expect(noKey.status).toBe(400);
    const badAmount = await authorize("k", { amountCents: -1 });
    expect(((await badAmount.json()) as { "invalid-params": { name: string }[] })["invalid-params"][0]!.name).toBe(
      "amountCents",
    );
  });
});
