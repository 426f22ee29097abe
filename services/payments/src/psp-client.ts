import { z } from "zod";
import { backoffMs, jittered, PoisonEvent, sleep } from "@firebreak/platform";
import { CircuitBreaker } from "./circuit-breaker.js";

export interface PspDecision {
  /** `voided`: the order's payment was voided before this call was decided; it never authorizes. */
  status: "authorized" | "declined" | "voided";
  reference: string;
}

/** The provider could not give a verdict: timeouts, lost connections, 5xx answers or an open breaker. */
export class PspUnavailable extends Error {
  override name = "PspUnavailable";
}

/**
 * The provider answered and refused the request itself (4xx: a bad key, a key reused for another
 * amount). Asking again gets the same answer, and the provider is up: neither a retry nor a breaker
 * failure, and not a decline either. The event cannot be handled as it is, so, as a PoisonEvent, it
 * goes to the dead-letter topic at once with this reason.
 */
export class PspRefused extends PoisonEvent {
  override name = "PspRefused";
}

/** 4xx answers that mean "not now" rather than "never". */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

function checkAnswer(response: Response, body: string, what: string): void {
  if (response.status >= 500 || TRANSIENT_STATUSES.has(response.status)) {
    throw new PspUnavailable(`provider answered ${response.status} to ${what}`);
  }
  if (!response.ok) throw new PspRefused(`provider refused ${what}: ${response.status} ${body.slice(0, 200)}`);
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

/** What counts against the provider in the breaker: anything but its refusal of a request. */
const isProviderFailure = (error: unknown) => !(error instanceof PspRefused);

/**
 * Every attempt carries the order id as the idempotency key, so a retry after a timeout can never
 * charge twice. Attempts are bounded and each has a timeout; the breaker spans whole calls.
 */
export function pspClient(options: PspClientOptions) {
  /** One call to the provider, its answer checked; the body parsed as JSON. */
  async function post(path: string, what: string, headers: Record<string, string> = {}, body?: object) {
    const response = await fetch(`${options.baseUrl}${path}`, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${options.apiKey}` },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    checkAnswer(response, text, what);
    return JSON.parse(text) as unknown;
  }

  const attempt = async (orderId: string, amountCents: number): Promise<PspDecision> =>
    decision.parse(
      await post(
        "/v1/authorizations",
        "an authorization",
        { "content-type": "application/json", "idempotency-key": orderId },
        { amountCents },
      ),
    );

  async function withRetries(orderId: string, amountCents: number): Promise<PspDecision> {
    for (let n = 1; ; n++) {
      try {
        return await attempt(orderId, amountCents);
      } catch (error) {
        // Everything but a refusal or an answer that does not parse may go away: timeouts, 5xx, and a
        // connection reset or refused (fetch's TypeError), which used to end the call at once.
        const retryable =
          !(error instanceof PspRefused) && !(error instanceof z.ZodError) && !(error instanceof SyntaxError);
        if (!retryable || n >= options.maxAttempts) throw error;
        await sleep(jittered(backoffMs(n, options.backoffMs ?? 50)));
      }
    }
  }

  async function voidOnce(orderId: string): Promise<VoidResult> {
    const result = voided.parse(await post(`/v1/authorizations/${encodeURIComponent(orderId)}/void`, "a void"));
    return { reference: result.reference, released: result.wasAuthorized === true };
  }

  /** Through the breaker; whatever is not the provider's refusal comes out as PspUnavailable. */
  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await options.breaker.run(call, isProviderFailure);
    } catch (error) {
      if (error instanceof PspRefused) throw error;
      throw new PspUnavailable((error as Error).message, { cause: error });
    }
  }

  return {
    breaker: options.breaker,
    /** Voids whatever the provider decided for the order, or voids it in advance; idempotent. */
    void: (orderId: string): Promise<VoidResult> => guarded(() => voidOnce(orderId)),
    authorize: (orderId: string, amountCents: number): Promise<PspDecision> =>
      guarded(() => withRetries(orderId, amountCents)),
  };
}

export type PspClient = ReturnType<typeof pspClient>;
