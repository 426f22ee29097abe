import { z } from "zod";
import { PoisonEvent, SUBSCRIPTIONS, writeOutboxEvent, type ReceivedEvent, type Tx } from "@firebreak/platform";
import { insertPayment } from "./payments.repo.js";
import { PspUnavailable, type PspClient } from "./psp-client.js";

export const PAYMENT_AGGREGATE = "payment";
export const PAYMENTS_TOPICS = SUBSCRIPTIONS.payments;
export const PAYMENTS_EVENT_TYPES = ["StockReserved"] as const;

const stockReserved = z.object({
  orderId: z.string().uuid(),
  amountCents: z.number().int().nonnegative(),
  customerId: z.string().min(1).max(64).optional(),
  /** When the order was placed, passed on so that the read side can time the saga from its decision. */
  placedAtMs: z.number().int().nonnegative().optional(),
});

export interface PaymentOutcome {
  status: "AUTHORIZED" | "DECLINED";
  reason: string | null;
  pspReference: string | null;
  voidPending: boolean;
}

function parse(event: ReceivedEvent) {
  const parsed = stockReserved.safeParse(event.payload);
  if (!parsed.success) throw new PoisonEvent(`StockReserved payload: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/**
 * StockReserved → ask the provider, then record the payment and emit PaymentAuthorized or
 * PaymentDeclined in one transaction. The provider is asked before the transaction and outside it,
 * so that no database connection waits on it; the order id is the idempotency key, so asking again
 * (a retried batch, a redelivery) gets the same decision. When the provider cannot answer (timeouts,
 * errors, open breaker), the fallback is to decline with reason provider_unavailable, so the saga
 * compensates instead of waiting, and to void at the provider whatever it may have decided.
 */
export function paymentsConsumer(psp: PspClient) {
  async function prepare(event: ReceivedEvent): Promise<PaymentOutcome> {
    const { orderId, amountCents } = parse(event);
    try {
      const decision = await psp.authorize(orderId, amountCents);
      if (decision.status === "authorized") {
        return { status: "AUTHORIZED", reason: null, pspReference: decision.reference, voidPending: false };
      }
      return { status: "DECLINED", reason: decision.status, pspReference: decision.reference, voidPending: false };
    } catch (error) {
      if (!(error instanceof PspUnavailable)) throw error;
      // No answer is not a decline: the provider may have authorized after all. The order is cancelled,
      // so the payment is recorded as declined with a void to confirm (see reconciler.ts).
      return { status: "DECLINED", reason: "provider_unavailable", pspReference: null, voidPending: true };
    }
  }

  async function handle(event: ReceivedEvent, tx: Tx, outcome: PaymentOutcome): Promise<void> {
    const { orderId, amountCents, customerId, placedAtMs } = parse(event);
    if (!(await insertPayment(tx, { orderId, customerId: customerId ?? null, amountCents, ...outcome }))) return;
    writeOutboxEvent(tx, {
      aggregateType: PAYMENT_AGGREGATE,
      aggregateId: orderId,
      type: outcome.status === "AUTHORIZED" ? "PaymentAuthorized" : "PaymentDeclined",
      payload: {
        orderId,
        amountCents,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        ...(placedAtMs === undefined ? {} : { placedAtMs }),
      },
    });
  }

  return { types: PAYMENTS_EVENT_TYPES, prepare, handle };
}
