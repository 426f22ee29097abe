import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAll, gateway, listen, token } from "./harness.js";

let base: string;
beforeAll(() => {
  base = gateway();
});
afterAll(closeAll);

describe("gateway", () => {
  it("When no token or a bad one is sent, then the answer is 401 problem+json naming Authorization", async () => {
    const none = await fetch(`${base}/api/v1/products`);
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toContain("application/problem+json");
    const foreign = await fetch(`${base}/api/v1/products`, {
      headers: { authorization: `Bearer ${await token("c1", { issuer: "someone-else" })}` },
    });
    expect(foreign.status).toBe(401);
    expect(((await foreign.json()) as { "invalid-params": { name: string }[] })["invalid-params"][0]!.name).toBe(
      "Authorization",
    );
  });

  it("When the token is valid, then the request reaches the service and the request id comes back", async () => {
    const response = await fetch(`${base}/api/v1/products/sku-espresso`, {
      headers: { authorization: `Bearer ${await token("c2")}`, "x-request-id": "abc-123" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("abc-123");
    expect(((await response.json()) as { id: string }).id).toBe("sku-espresso");
    const generated = await fetch(`${base}/api/v1/products`, {
      headers: { authorization: `Bearer ${await token("c2")}` },
    });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("When a client exceeds its rate, then it gets 429 with Retry-After while others pass", async () => {
    const limited = gateway({ ratePerSecond: 3 });
    const busy = `Bearer ${await token(`busy-${Date.now()}`)}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${limited}/api/v1/products`, { headers: { authorization: busy } })),
    );
    const refused = responses.filter((r) => r.status === 429);
    // Ten requests against three a second: even split across two one-second windows, four are refused.
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect(refused[0]!.headers.get("retry-after")).toBe("1");
    const other = await fetch(`${limited}/api/v1/products`, {
      headers: { authorization: `Bearer ${await token(`calm-${Date.now()}`)}` },
    });
    expect(other.status).toBe(200);
  });

  it("When the upstream is down or too slow, then the answer is 502 or 504", async () => {
    const hanging = listen(createServer(() => undefined));
    const closed = createServer().listen(0);
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    const faulty = gateway({ upstreams: { orders: deadUrl, inventory: hanging }, upstreamTimeoutMs: 300 });
    const auth = { authorization: `Bearer ${await token("c3")}` };
    expect((await fetch(`${faulty}/api/v1/orders?customerId=x`, { headers: auth })).status).toBe(502);
    expect((await fetch(`${faulty}/api/v1/products`, { headers: auth })).status).toBe(504);
  });
});
