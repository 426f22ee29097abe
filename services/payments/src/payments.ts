import { z } from "zod";
import { PoisonEvent, writeOutboxEvent, type ReceivedEvent, type Tx } from "@firebreak/platform";
import { findPayment, insertPayment } from "./payments.repo.js";
import { PspUnavailable, type PspClient } from "./psp-client.js";

export const PAYMENT_AGGREGATE = "payment";
export const PAYMENTS_TOPICS = ["firebreak.inventory"];

const stockReserved = z.object({ orderId: z.string().uuid(), amountCents: z.number().int().nonnegative() });

/**
 * StockReserved → ask the provider, record the payment and emit PaymentAuthorized or PaymentDeclined,
 * all in the event's transaction. When the provider cannot answer (timeouts, errors, open breaker),
 * the fallback is to decline with reason provider_unavailable, so the saga compensates instead of waiting.
 */
export function paymentsHandler(psp: PspClient) {
  return async (event: ReceivedEvent, tx: Tx): Promise<void> => {
    if (event.type !== "StockReserved") return;
    const parsed = stockReserved.safeParse(event.payload);
    if (!parsed.success)
      throw new PoisonEvent(`StockReserved payload: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const { orderId, amountCents } = parsed.data;
    if (await findPayment(tx, orderId)) return;
    let outcome: { status: "AUTHORIZED" | "DECLINED"; reason: string | null; pspReference: string | null };
    try {
      const decision = await psp.authorize(orderId, amountCents);
      outcome =
        decision.status === "authorized"
          ? { status: "AUTHORIZED", reason: null, pspReference: decision.reference }
          : { status: "DECLINED", reason: "declined", pspReference: decision.reference };
    } catch (error) {
      if (!(error instanceof PspUnavailable)) throw error;
      outcome = { status: "DECLINED", reason: "provider_unavailable", pspReference: null };
    }
    if (!(await insertPayment(tx, { orderId, amountCents, ...outcome }))) return;
    const type = outcome.status === "AUTHORIZED" ? "PaymentAuthorized" : "PaymentDeclined";
    await writeOutboxEvent(
      tx,
      {
        aggregateType: PAYMENT_AGGREGATE,
        aggregateId: orderId,
        type,
        payload: { orderId, amountCents, ...(outcome.reason ? { reason: outcome.reason } : {}) },
      },
      event.traceparent,
    );
  };
}
