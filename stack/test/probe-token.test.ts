import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  devToken,
  ensureProbeToken,
  PROBE_SUBJECT,
  probeTokenFile,
  probeTokenSecondsLeft,
} from "../src/credentials/dev-token.js";

const DAY = 24 * 3600;

// A state directory of its own: the running stack's probe token is never touched.
let state: string;
let previousState: string | undefined;
beforeAll(() => {
  previousState = process.env.FIREBREAK_STATE;
  state = mkdtempSync(join(tmpdir(), "firebreak-probe-token-"));
  process.env.FIREBREAK_STATE = state;
});
afterAll(() => {
  if (previousState === undefined) delete process.env.FIREBREAK_STATE;
  else process.env.FIREBREAK_STATE = previousState;
  rmSync(state, { recursive: true, force: true });
});

const daysLeft = () => probeTokenSecondsLeft() / DAY;

describe("compose's probe token is renewed before it expires", () => {
  it("When there is no token, then `firebreak token` mints one valid 30 days for the probe customer", async () => {
    expect(probeTokenSecondsLeft()).toBe(0);
    await ensureProbeToken();
    expect(decodeJwt(readFileSync(probeTokenFile(), "utf8")).sub).toBe(PROBE_SUBJECT);
    expect(daysLeft()).toBeGreaterThan(29.9);
  });

  it("When the token has more than a week left, then it is kept as it is", async () => {
    const twentyDays = await devToken(PROBE_SUBJECT, { ttlSeconds: 20 * DAY });
    writeFileSync(probeTokenFile(), twentyDays);
    await ensureProbeToken();
    expect(readFileSync(probeTokenFile(), "utf8")).toBe(twentyDays);
  });

  it("When the token expires within a week, or cannot be read, then it is minted again", async () => {
    writeFileSync(probeTokenFile(), await devToken(PROBE_SUBJECT, { ttlSeconds: 2 * DAY }));
    await ensureProbeToken();
    expect(daysLeft()).toBeGreaterThan(29.9);

    writeFileSync(probeTokenFile(), "not a token");
    expect(probeTokenSecondsLeft()).toBe(0);
    await ensureProbeToken();
    expect(daysLeft()).toBeGreaterThan(29.9);
  });
});
