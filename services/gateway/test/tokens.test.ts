import { generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAll, gateway, token } from "./harness.js";

let base: string;
beforeAll(() => {
  base = gateway();
});
afterAll(closeAll);

const products = (bearer: string) =>
  fetch(`${base}/api/v1/products`, { headers: { authorization: `Bearer ${bearer}` } });
const now = () => Math.floor(Date.now() / 1000);

describe("which tokens the gateway takes", () => {
  it("When a token is wrong in any way, then the answer is 401 with the same words, whatever was wrong", async () => {
    const { privateKey: otherKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const wrongKey = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256" })
      .setSubject("c1")
      .setIssuer("firebreak-dev")
      .setAudience("firebreak-api")
      .setIssuedAt()
      .setNotBefore("0s")
      .setExpirationTime("5m")
      .sign(otherKey);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(
      JSON.stringify({
        sub: "c1",
        iss: "firebreak-dev",
        aud: "firebreak-api",
        exp: now() + 300,
        nbf: now(),
        iat: now(),
      }),
    ).toString("base64url")}.`;
    const cases: Record<string, string> = {
      "wrong audience": await token("c1", { audience: "someone-else" }),
      "wrong issuer": await token("c1", { issuer: "someone-else" }),
      "no exp": await token("c1", { expiresAt: null }),
      expired: await token("c1", { expiresAt: now() - 5 }),
      "not yet valid": await token("c1", { notBefore: now() + 600 }),
      "wrong key": wrongKey,
      "alg none": unsigned,
      garbage: "not.a.jwt",
    };
    for (const [what, bearer] of Object.entries(cases)) {
      const response = await products(bearer);
      expect(response.status, what).toBe(401);
      const problem = (await response.json()) as { title: string; "invalid-params": { reason: string }[] };
      expect(problem.title, what).toBe("the bearer token is not valid");
      expect(problem["invalid-params"], what).toEqual([{ name: "Authorization", reason: "invalid token" }]);
    }
    expect((await products(await token("c1"))).status).toBe(200);
  });

  it("When a customer asks for analytics, then it is 403; an operator gets through to the service", async () => {
    const asCustomer = await fetch(`${base}/api/v1/analytics/freshness`, {
      headers: { authorization: `Bearer ${await token("customer-0001")}` },
    });
    expect(asCustomer.status).toBe(403);
    const asOperator = await fetch(`${base}/api/v1/analytics/freshness`, {
      headers: { authorization: `Bearer ${await token("operator", { operator: true })}` },
    });
    expect(asOperator.status).toBe(200);
  });
});
