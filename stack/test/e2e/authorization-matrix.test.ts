import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importPKCS8, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { JWT_AUDIENCE, JWT_ISSUER, jwtKeyPaths } from "../../src/credentials/dev-token.js";
import { REPO_ROOT } from "../../src/native/paths.js";
import { PORTS } from "../../src/native/ports.js";
import { authAs, eventually, OPERATOR, url } from "../helpers.js";

const OWNER = `customer-matrix-${randomUUID().slice(0, 8)}`;
const OTHER = `customer-matrix-${randomUUID().slice(0, 8)}`;
const CALLERS = ["owner", "other customer", "operator", "no token", "expired", "wrong audience", "wrong key"] as const;
type Caller = (typeof CALLERS)[number];

/** Expected status per caller, in CALLERS' order; every bad token is 401 on every route. */
const allowed = (owner: number, other: number, operator: number) => [owner, other, operator, 401, 401, 401, 401];
const OPERATOR_ONLY = allowed(403, 403, 200);

/**
 * Every public operation, what it is asked (OWNER's order, or OWNER's customer id, whoever asks),
 * the service behind it, and who gets what. A customer acting for another is refused: 403 where the
 * request names the customer, 404 where it names the order (so that order ids cannot be probed).
 */
const MATRIX: Record<string, { service: keyof typeof PORTS; path: string; body?: object; expect: number[] }> = {
  "POST /api/v1/orders": {
    service: "orders",
    path: "/api/v1/orders",
    body: { customerId: OWNER, items: [{ productId: "sku-filter", quantity: 1 }] },
    expect: allowed(201, 403, 201),
  },
  "GET /api/v1/orders": {
    service: "orders",
    path: `/api/v1/orders?customerId=${OWNER}`,
    expect: allowed(200, 403, 200),
  },
  "GET /api/v1/orders/{id}": { service: "orders", path: "/api/v1/orders/{order}", expect: allowed(200, 404, 200) },
  "GET /api/v1/products": { service: "inventory", path: "/api/v1/products", expect: allowed(200, 200, 200) },
  "GET /api/v1/products/{id}": {
    service: "inventory",
    path: "/api/v1/products/sku-filter",
    expect: allowed(200, 200, 200),
  },
  "GET /api/v1/payments/{orderId}": {
    service: "payments",
    path: "/api/v1/payments/{order}",
    expect: allowed(200, 404, 200),
  },
  "GET /api/v1/analytics/orders-per-minute": {
    service: "analytics",
    path: "/api/v1/analytics/orders-per-minute",
    expect: OPERATOR_ONLY,
  },
  "GET /api/v1/analytics/revenue-per-minute": {
    service: "analytics",
    path: "/api/v1/analytics/revenue-per-minute",
    expect: OPERATOR_ONLY,
  },
  "GET /api/v1/analytics/saga-outcomes": {
    service: "analytics",
    path: "/api/v1/analytics/saga-outcomes",
    expect: OPERATOR_ONLY,
  },
  "GET /api/v1/analytics/freshness": {
    service: "analytics",
    path: "/api/v1/analytics/freshness",
    expect: OPERATOR_ONLY,
  },
};

async function signed(subject: string, claims: { audience?: string; expiresAt?: number; otherKey?: boolean }) {
  const key = claims.otherKey
    ? generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
    : await importPKCS8(readFileSync(jwtKeyPaths().privateKey, "utf8"), "ES256");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: "customer" })
    .setProtectedHeader({ alg: "ES256" })
    .setSubject(subject)
    .setIssuer(JWT_ISSUER)
    .setAudience(claims.audience ?? JWT_AUDIENCE)
    .setIssuedAt(now - 120)
    .setNotBefore(now - 120)
    .setExpirationTime(claims.expiresAt ?? now + 300)
    .sign(key);
}

let headersOf: Record<Caller, Record<string, string>>;
let ownersOrder: string;

beforeAll(async () => {
  const bearer = async (token: Promise<string>) => ({ authorization: `Bearer ${await token}` });
  headersOf = {
    owner: await authAs(OWNER),
    "other customer": await authAs(OTHER),
    operator: await authAs(OPERATOR),
    "no token": {},
    expired: await bearer(signed(OWNER, { expiresAt: Math.floor(Date.now() / 1000) - 60 })),
    "wrong audience": await bearer(signed(OWNER, { audience: "someone-else" })),
    "wrong key": await bearer(signed(OWNER, { otherKey: true })),
  };
  const placed = await call("gateway", "owner", MATRIX["POST /api/v1/orders"]!);
  expect(placed.status).toBe(201);
  ownersOrder = ((await placed.json()) as { id: string }).id;
  await eventually(
    async () => ((await call("gateway", "owner", MATRIX["GET /api/v1/payments/{orderId}"]!)).ok ? true : undefined),
    30_000,
    "the owner's payment",
  );
});

function call(via: "gateway" | keyof typeof PORTS, caller: Caller, route: (typeof MATRIX)[string]) {
  const port = PORTS[via === "gateway" ? "gateway" : route.service];
  return fetch(url(port, route.path.replace("{order}", ownersOrder)), {
    method: route.body ? "POST" : "GET",
    headers: { ...headersOf[caller], ...(route.body ? { "content-type": "application/json" } : {}) },
    body: route.body ? JSON.stringify(route.body) : undefined,
  });
}

describe("who may call what: every public route × every kind of caller, through the gateway and around it", () => {
  it("When the gateway's document is read, then the matrix has a row for each of its operations and no other", () => {
    const doc = parse(readFileSync(join(REPO_ROOT, "services/gateway/openapi.yaml"), "utf8")) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(Object.keys(MATRIX).sort()).toEqual(operations.sort());
  });

  it.each(["gateway", "service"] as const)(
    "When every caller asks every route through the %s, then each gets the status the matrix gives",
    async (via) => {
      const got: string[] = [];
      const want: string[] = [];
      for (const [operation, route] of Object.entries(MATRIX)) {
        for (const [index, caller] of CALLERS.entries()) {
          const response = await call(via === "gateway" ? "gateway" : route.service, caller, route);
          got.push(`${operation} as ${caller}: ${response.status}`);
          want.push(`${operation} as ${caller}: ${route.expect[index]}`);
          if (response.status >= 400) expect(response.headers.get("content-type")).toMatch(/problem\+json/);
        }
      }
      expect(got).toEqual(want);
    },
  );
});
