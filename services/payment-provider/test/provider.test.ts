import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "@firebreak/platform";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, declines } from "../src/app.js";
import { Ledger } from "../src/ledger.js";

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

  it("When the Idempotency-Key header is missing, then the 400 problem names it", async () => {
    const refused = await authorize(undefined, { amountCents: 10 });
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as { "invalid-params": { name: string }[] };
    expect(problem["invalid-params"].map((p) => p.name)).toEqual(["Idempotency-Key"]);
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

  it("When a merchant looks a key up or voids it, then it learns the decision, and a voided key never authorizes", async () => {
    const auth = { authorization: `Bearer ${API_KEY}` };
    const lookup = (key: string) => fetch(`${base()}/v1/authorizations/${key}`, { headers: auth });
    const voidKey = (key: string) =>
      fetch(`${base()}/v1/authorizations/${key}/void`, { method: "POST", headers: auth });
    expect((await lookup("never-seen")).status).toBe(404);

    const authorized = keyDecidedAs("authorized");
    const decision = (await (await authorize(authorized, { amountCents: 40 })).json()) as { reference: string };
    expect(await (await lookup(authorized)).json()).toMatchObject({ status: "authorized", amountCents: 40 });
    const released = await (await voidKey(authorized)).json();
    expect(released).toMatchObject({ status: "voided", wasAuthorized: true, reference: decision.reference });
    expect(await (await voidKey(authorized)).json()).toEqual(released);

    // Voided before the call arrives (the merchant gave up on it): the call cannot authorize any more.
    const early = keyDecidedAs("authorized");
    expect(await (await voidKey(early)).json()).toMatchObject({ status: "voided", wasAuthorized: false });
    expect(await (await authorize(early, { amountCents: 40 })).json()).toMatchObject({ status: "voided" });

    // A decline holds nothing: voiding it leaves it a decline.
    const declined = keyDecidedAs("declined");
    await authorize(declined, { amountCents: 40 });
    expect(await (await voidKey(declined)).json()).toMatchObject({ status: "declined" });
  });

  it("When the simulator restarts over the same ledger file, then its decisions and when its books opened are kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "psp-ledger-"));
    try {
      const file = join(dir, "ledger.jsonl");
      const first = new Ledger(file);
      first.set({ key: "k1", status: "authorized", reference: "psp_1", amountCents: 5 });
      first.set({ key: "k1", status: "voided", reference: "psp_1", amountCents: 5, wasAuthorized: true });
      first.set({ key: "k2", status: "declined", reference: "psp_2", amountCents: 6 });
      appendFileSync(file, '{"key":"k3","sta'); // a crash in the middle of an append
      const second = new Ledger(file);
      expect(second.openedAt).toBe(first.openedAt);
      expect(second.all()).toEqual([
        { key: "k1", status: "voided", reference: "psp_1", amountCents: 5, wasAuthorized: true },
        { key: "k2", status: "declined", reference: "psp_2", amountCents: 6 },
      ]);
      // What is recorded after the cut line survives the next restart too.
      second.set({ key: "k4", status: "authorized", reference: "psp_4", amountCents: 7 });
      expect(new Ledger(file).get("k4")).toMatchObject({ status: "authorized" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A fresh key the simulator (decline rate 0.5) decides as asked. */
function keyDecidedAs(status: "authorized" | "declined"): string {
  for (let i = 0; ; i++) {
    const key = `order-${randomUUID()}-${i}`;
    if (declines(key, 0.5) === (status === "declined")) return key;
  }
}
