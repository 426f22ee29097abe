import { afterAll, describe, expect, it } from "vitest";
import { type Caller, sleep, VerifiedTokens } from "@firebreak/platform";
import { closeAll, gateway, token } from "./harness.js";

/** The real cache, counting the requests it answered without a signature check. */
class CountingTokens extends VerifiedTokens<Caller> {
  hits = 0;
  override get(token: string, nowMs?: number): Caller | undefined {
    const caller = super.get(token, nowMs);
    if (caller !== undefined) this.hits += 1;
    return caller;
  }
}

interface Problem {
  title: string;
  "invalid-params": { name: string; reason: string }[];
}

const products = (base: string, bearer: string) =>
  fetch(`${base}/api/v1/products`, { headers: { authorization: `Bearer ${bearer}` } });

afterAll(closeAll);

describe("verified-token cache", () => {
  it("When a valid token comes twice, then the second request is let through from the cache", async () => {
    const verifiedTokens = new CountingTokens();
    const base = gateway({ verifiedTokens });
    const bearer = await token(`cached-${Date.now()}`);
    expect((await products(base, bearer)).status).toBe(200);
    expect(verifiedTokens.hits).toBe(0);
    expect((await products(base, bearer)).status).toBe(200);
    expect(verifiedTokens.hits).toBe(1);
  });

  it("When a token is refused, then it is not cached and is refused again with the same problem", async () => {
    const verifiedTokens = new CountingTokens();
    const base = gateway({ verifiedTokens });
    const foreign = await token("someone", { issuer: "someone-else" });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await products(base, foreign);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="firebreak", error="invalid_token"');
      const problem = (await response.json()) as Problem;
      expect(problem.title).toBe("the bearer token is not valid");
      expect(problem["invalid-params"][0]!.name).toBe("Authorization");
    }
    expect(verifiedTokens.size).toBe(0);
    expect(verifiedTokens.hits).toBe(0);
  });

  it("When a cached token's exp passes, then it is refused as expired", async () => {
    const verifiedTokens = new CountingTokens();
    const base = gateway({ verifiedTokens });
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const bearer = await token(`expiring-${Date.now()}`, { expiresAt });
    expect((await products(base, bearer)).status).toBe(200);
    expect((await products(base, bearer)).status).toBe(200);
    expect(verifiedTokens.hits).toBe(1);
    await sleep(expiresAt * 1000 - Date.now() + 100);
    const expired = await products(base, bearer);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as Problem).title).toBe("the bearer token is not valid");
    expect(verifiedTokens.hits).toBe(1);
  });
});
