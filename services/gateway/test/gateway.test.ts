import type { AddressInfo } from "node:net";
import { createServer, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep } from "@firebreak/platform";
import { createAdminApp } from "../src/admin.js";
import { closeAll, gateway, listen, redis, token } from "./harness.js";

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

  it("When a client exceeds its rate, then it gets 429 with Retry-After while others pass, and its windows expire", async () => {
    const limited = gateway({ ratePerSecond: 3 });
    const subject = `busy-${Date.now()}`;
    const busy = `Bearer ${await token(subject)}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${limited}/api/v1/products`, { headers: { authorization: busy } })),
    );
    const refused = responses.filter((r) => r.status === 429);
    // Ten requests against three a second: even split across two one-second windows, four are refused.
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect(refused[0]!.headers.get("retry-after")).toBe("1");
    const windows = await redis.keys(`gateway:rate:${subject}:*`);
    expect(windows.length).toBeGreaterThan(0);
    for (const window of windows) expect(await redis.ttl(window)).toBeGreaterThan(0);
    const other = await fetch(`${limited}/api/v1/products`, {
      headers: { authorization: `Bearer ${await token(`calm-${Date.now()}`)}` },
    });
    expect(other.status).toBe(200);
  });

  it("When an address sends more bad tokens a second than its limit, then the rest get 429 unchecked, but a caller it has verified carries on", async () => {
    const limited = gateway({ unauthenticatedPerSecond: 3 });
    const products = (authorization: string) => fetch(`${limited}/api/v1/products`, { headers: { authorization } });
    const good = `Bearer ${await token(`known-${Date.now()}`)}`;
    const fresh = `Bearer ${await token(`fresh-${Date.now()}`)}`;
    expect((await products(good)).status).toBe(200);
    // All within one second (a few milliseconds each): from the start of the next one.
    await sleep(1000 - (Date.now() % 1000));
    const statuses: number[] = [];
    let limitedOne: Response | undefined;
    for (let i = 0; i < 10; i++) {
      const response = await products("Bearer not.a.token");
      statuses.push(response.status);
      if (response.status === 429) limitedOne ??= response;
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    expect(limitedOne!.headers.get("retry-after")).toBe("1");
    expect(limitedOne!.headers.get("content-type")).toContain("application/problem+json");
    expect((await products(good)).status).toBe(200);
    // A valid token this gateway has not verified yet waits for the next second like any other.
    expect((await products(fresh)).status).toBe(429);
    await sleep(1000 - (Date.now() % 1000));
    expect((await products(fresh)).status).toBe(200);
  });

  it("When /metrics is asked on the public port, then it is 404; the admin port serves the gateway's request metrics", async () => {
    const publicMetrics = await fetch(`${base}/metrics`);
    expect(publicMetrics.status).toBe(404);
    expect(publicMetrics.headers.get("content-type")).toContain("application/problem+json");
    const admin = listen(createServer(createAdminApp(() => false)));
    const scraped = await fetch(`${admin}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('http_route="/api/v1/products"');
    expect((await fetch(`${admin}/readyz`)).status).toBe(200);
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

/** A request with its path exactly as given (a URL would resolve its dot segments first), any method. */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status?: number; allow?: string; contentType?: string }>((resolve, reject) =>
    request({ hostname, port, path, method, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, allow: res.headers.allow, contentType: res.headers["content-type"] });
    })
      .on("error", reject)
      .end(),
  );
}

describe("what the gateway forwards", () => {
  const paths = [
    "/api/v1/orders/%2e%2e/%2e%2e/%2e%2e/metrics",
    "/api/v1/orders/..%2f..%2fmetrics",
    "/api/v1/orders/%2e%2e",
    "/api/v1/orders/..",
    "/api/v1/payments/x/../../readyz",
    "/api/v1/payment-provider/breaker",
    "/api/v1/orders/a/b",
    "/api/v1/metrics",
  ];

  it("When a path is not one of the public routes, traversal included, then it is 404 and nothing goes upstream", async () => {
    const received: string[] = [];
    const upstream = listen(createServer((req, res) => (received.push(req.url!), res.end("{}"))));
    const guarded = gateway({
      upstreams: { orders: upstream, payments: upstream, inventory: upstream, analytics: upstream },
    });
    const auth = { authorization: `Bearer ${await token("c4")}` };
    for (const path of paths) {
      // Sent as written: fetch would resolve the dot segments itself, before they reach the gateway.
      const response = await rawRequest(guarded, "GET", path, auth);
      expect(response.status, path).toBe(404);
      expect(response.contentType, path).toContain("application/problem+json");
    }
    expect(received).toEqual([]);
    expect((await fetch(`${guarded}/api/v1/orders/o-1`, { headers: auth })).status).toBe(200);
    expect(received).toEqual(["/api/v1/orders/o-1"]);
  });

  it("When a method is not one the route takes, then it is 405 with Allow, not a 5xx", async () => {
    const auth = { authorization: `Bearer ${await token("c5")}` };
    for (const [method, path, allow] of [
      ["PATCH", "/api/v1/orders", "GET, POST"],
      ["DELETE", "/api/v1/orders/5b7d3c3e-3f0e-4d33-9d55-3d1f3a0e0b11", "GET"],
      ["PUT", "/api/v1/products/sku-espresso", "GET"],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method, headers: auth });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
    }
    // fetch refuses to send TRACE, so it goes as a plain HTTP request.
    const trace = await rawRequest(base, "TRACE", "/api/v1/orders", auth);
    expect([trace.status, trace.allow]).toEqual([405, "GET, POST"]);
  });
});
