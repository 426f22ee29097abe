import { describe, expect, it } from "vitest";
import { VerifiedTokens } from "../src/index.js";

describe("verified-token cache", () => {
  it("When the cache is full, then the least recently used token makes room", () => {
    const verifiedTokens = new VerifiedTokens<string>(2);
    const exp = Math.floor(Date.now() / 1000) + 60;
    verifiedTokens.remember("a", "subject-a", exp);
    verifiedTokens.remember("b", "subject-b", exp);
    expect(verifiedTokens.get("a")).toBe("subject-a");
    verifiedTokens.remember("c", "subject-c", exp);
    expect(verifiedTokens.get("b")).toBeUndefined();
    expect(verifiedTokens.get("a")).toBe("subject-a");
    expect(verifiedTokens.get("c")).toBe("subject-c");
  });

  it("When a token's usable time has passed, then the cache no longer vouches for it", () => {
    const verifiedTokens = new VerifiedTokens<string>();
    const exp = Math.floor(Date.now() / 1000) + 60;
    verifiedTokens.remember("t", "subject", exp);
    expect(verifiedTokens.get("t", exp * 1000 - 1)).toBe("subject");
    expect(verifiedTokens.get("t", exp * 1000)).toBeUndefined();
    expect(verifiedTokens.size).toBe(0);
  });
});
