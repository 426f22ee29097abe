import { CLOCK_TOLERANCE_SECONDS, pollUntil } from "@firebreak/platform";
import { devToken, PROBE_SUBJECT } from "../credentials/dev-token.js";
import { requestOnce } from "../clients/http-once.js";
import { HOST, PORTS } from "../native/ports.js";
import type { Skewable } from "../native/clock-skew.js";
import type { ExpectationResult } from "./journal.js";

/** How far past the allowance the second token is: clear of it, whatever the check's own latency. */
const BEYOND_MARGIN_SECONDS = 15;

const ORDERS_PATH = "/api/v1/orders?limit=1";
const ordersUrl = () => `http://${HOST}:${PORTS.gateway}${ORDERS_PATH}`;

async function statusWith(token: string): Promise<number> {
  const response = await fetch(ordersUrl(), {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * The gateway's clock less the machine's, in whole seconds, as the Date header of its answer gives
 * it. Each call opens a new connection: while two gateways share the port, the kernel picks one per
 * connection, so a kept-alive one would keep asking the same gateway.
 */
export async function gatewayClockOffset(): Promise<number> {
  const { headers } = await requestOnce({
    method: "GET",
    host: HOST,
    port: PORTS.gateway,
    path: ORDERS_PATH,
    timeoutMs: 10_000,
    label: "gateway",
  });
  return Math.round((Date.parse(headers.date ?? "") - Date.now()) / 1000);
}

/** Waits until a new connection to the gateway is answered with its clock `seconds` off (to the Date header's second). */
export async function untilGatewayClockOffset(seconds: number, timeoutMs = 60_000): Promise<void> {
  await pollUntil(
    `the gateway's clock ${seconds} s off`,
    async () => {
      const offset = await gatewayClockOffset();
      if (Math.abs(offset - seconds) > 1) throw new Error(`the gateway's clock is ${offset} s off`);
      return true;
    },
    { timeoutMs, intervalMs: 100, retryErrors: true },
  );
}

/**
 * What a client sees at a gateway whose clock is `seconds` off: a token minted just now, which the
 * gateway accepts while the skew is within its clock tolerance; and one whose issuer's clock is
 * further ahead still, past the tolerance as the gateway reads it, which it must refuse with 401.
 */
export async function tokensUnderSkew(process: Skewable, seconds: number): Promise<ExpectationResult[]> {
  const now = Math.floor(Date.now() / 1000);
  const fresh = await statusWith(await devToken(PROBE_SUBJECT, { ttlSeconds: 3600, issuedAt: now }));
  const early = now + seconds + CLOCK_TOLERANCE_SECONDS + BEYOND_MARGIN_SECONDS;
  const beyond = await statusWith(await devToken(PROBE_SUBJECT, { ttlSeconds: 3600, issuedAt: early }));
  const within = Math.abs(seconds) <= CLOCK_TOLERANCE_SECONDS;
  return [
    {
      kind: "clock-skew",
      name: `a token minted now is ${within ? "accepted" : "refused"} by ${process}, its clock ${seconds} s off (tolerance ±${CLOCK_TOLERANCE_SECONDS} s)`,
      passed: within ? fresh === 200 : fresh === 401,
      detail: `answered ${fresh}`,
    },
    {
      kind: "clock-skew",
      name: `a token that starts ${CLOCK_TOLERANCE_SECONDS + BEYOND_MARGIN_SECONDS} s ahead of ${process}'s clock is refused`,
      passed: beyond === 401,
      detail: `answered ${beyond}`,
    },
  ];
}
