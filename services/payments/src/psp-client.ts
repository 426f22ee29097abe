import { z } from "zod";
import { backoffMs, sleep } from "@firebreak/platform";
import { CircuitBreaker } from "./circuit-breaker.js";

export interface PspDecision {
  /** `voided`: the order's payment was voided before this call was decided; it never authorizes. */
  status: "authorized" | "declined" | "voided";
  reference: string;
}

/** The provider could not give a verdict: timeouts, 5xx answers or an open breaker. */
export class PspUnavailable extends Error {
  override name = "PspUnavailable";
}

const decision = z.object({ status: z.enum(["authorized", "declined", "voided"]), reference: z.string() });
const voided = z.object({
  status: z.enum(["voided", "declined"]),
  reference: z.string(),
  wasAuthorized: z.boolean().optional(),
});

/** What a void found: whether the provider had authorized (and so held money for) the order. */
export interface VoidResult {
  reference: string;
  released: boolean;
}

export interface PspClientOptions {
  baseUrl: string;
  /** The merchant key the provider issued; sent as a bearer credential on every call. */
  apiKey: string;
  timeoutMs: number;
  maxAttempts: number;
  breaker: CircuitBreaker;
  backoffMs?: number;
}

/**
 * Every attempt carries the order id as the idempotency key, so a retry after a timeout can never
 * charge twice. Attempts are bounded and each has a timeout; the breaker spans whole calls.
 */
export function pspClient(options: PspClientOptions) {
  async function attempt(orderId: string, amountCents: number): Promise<PspDecision> {
    const response = await fetch(`${options.baseUrl}/v1/authorizations`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": orderId,
        authorization: `Bearer ${options.apiKey}`,
      },
      body: JSON.stringify({ amountCents }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (response.status >= 500) throw new PspUnavailable(`provider answered ${response.status}`);
    if (!response.ok) throw new Error(`provider refused the request: ${response.status} ${await response.text()}`);
    return decision.parse(await response.json());
  }

  async function withRetries(orderId: string, amountCents: number): Promise<PspDecision> {
    for (let n = 1; ; n++) {
      try {
        return await attempt(orderId, amountCents);
      } catch (error) {
        const retryable = error instanceof PspUnavailable || (error as Error).name === "TimeoutError";
        if (!retryable || n >= options.maxAttempts) throw error;
        await sleep(backoffMs(n, options.backoffMs ?? 50));
      }
    }
  }

  async function voidOnce(orderId: string): Promise<VoidResult> {
    const response = await fetch(`${options.baseUrl}/v1/authorizations/${encodeURIComponent(orderId)}/void`, {
      method: "POST",
      headers: { authorization: `Bearer ${options.apiKey}` },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw new PspUnavailable(`provider answered ${response.status} to a void`);
    const result = voided.parse(await response.json());
    return { reference: result.reference, released: result.wasAuthorized === true };
  }

  return {
    breaker: options.breaker,
    /** Voids whatever the provider decided for the order, or voids it in advance; idempotent. */
    async void(orderId: string): Promise<VoidResult> {
      try {
        return await options.breaker.run(() => voidOnce(orderId));
      } catch (error) {
        throw new PspUnavailable((error as Error).message, { cause: error });
      }
    },
    async authorize(orderId: string, amountCents: number): Promise<PspDecision> {
      try {
        return await options.breaker.run(() => withRetries(orderId, amountCents));
      } catch (error) {
        throw new PspUnavailable((error as Error).message, { cause: error });
      }
    },
  };
}

export type PspClient = ReturnType<typeof pspClient>;
