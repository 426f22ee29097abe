import { z } from "zod";
import {
  histogram,
  LABELS,
  METRICS,
  observeWithExemplar,
  PoisonEvent,
  SAGA_BUCKETS,
  sampledTraceId,
  type AfterCommit,
  type ReceivedEvent,
  type Tx,
  SUBSCRIPTIONS,
} from "@firebreak/platform";
import type { Order } from "./orders.schema.js";
import { completeOrder } from "./orders.repo.js";
import { sagaOverdue } from "./saga-deadline.js";

/** The saga's topics that decide an order's fate. */
export const SAGA_TOPICS = SUBSCRIPTIONS.orders;
/** The events that decide an order; StockReserved and StockReleased change nothing here. */
export const SAGA_EVENT_TYPES = ["PaymentAuthorized", "PaymentDeclined", "StockRejected"] as const;

const paymentAuthorized = z.object({ orderId: z.string().uuid(), amountCents: z.number().int().nonnegative() });
const orderRef = z.object({ orderId: z.string().uuid() });

function parse<T>(schema: z.ZodType<T>, event: ReceivedEvent): T {
  const result = schema.safeParse(event.payload);
  if (!result.success) throw new PoisonEvent(`${event.type} payload: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}

const sagaDuration = histogram(
  METRICS.sagaDuration,
  "Seconds from an order's placement to its CONFIRMED or CANCELLED.",
  SAGA_BUCKETS,
  [LABELS.orderStatus],
);

/** The saga's duration (and its lateness, if this decision is what counts it), observed once the decision has committed. */
function observeOnCommit(decided: { order: Order; countedOverdue: boolean } | undefined): AfterCommit | undefined {
  if (!decided?.order.completedAt) return undefined;
  const { order, countedOverdue } = decided;
  const seconds = (Date.parse(decided.order.completedAt) - Date.parse(order.createdAt)) / 1000;
  const traceId = sampledTraceId();
  return () => {
    observeWithExemplar(sagaDuration, { [LABELS.orderStatus]: order.status }, seconds, traceId);
    if (countedOverdue) sagaOverdue.inc();
  };
}

/**
 * The saga's handler: an authorised payment confirms the order; rejected stock or a declined payment
 * cancels it. A decision later than `deadlineSeconds` counts the order late unless the sweep already has.
 */
export function sagaHandler(deadlineSeconds: number) {
  const decide = (tx: Tx, orderId: string, outcome: Parameters<typeof completeOrder>[2]) =>
    completeOrder(tx, orderId, outcome, deadlineSeconds).then(observeOnCommit);
  return async (event: ReceivedEvent, tx: Tx): Promise<AfterCommit | undefined> => {
    switch (event.type) {
      case "PaymentAuthorized": {
        const { orderId, amountCents } = parse(paymentAuthorized, event);
        return decide(tx, orderId, { status: "CONFIRMED", amountCents });
      }
      case "PaymentDeclined":
        return decide(tx, parse(orderRef, event).orderId, { status: "CANCELLED", reason: "payment_declined" });
      case "StockRejected":
        return decide(tx, parse(orderRef, event).orderId, { status: "CANCELLED", reason: "out_of_stock" });
      default:
        return undefined;
    }
  };
}
