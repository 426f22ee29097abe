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

/** The saga's duration, observed once the order's completion has committed. */
function observeOnCommit(order: Order | undefined): AfterCommit | undefined {
  if (!order?.completedAt) return undefined;
  const seconds = (Date.parse(order.completedAt) - Date.parse(order.createdAt)) / 1000;
  const traceId = sampledTraceId();
  return () => observeWithExemplar(sagaDuration, { [LABELS.orderStatus]: order.status }, seconds, traceId);
}

/** An authorised payment confirms the order; rejected stock or a declined payment cancels it. */
export async function applySagaEvent(event: ReceivedEvent, tx: Tx): Promise<AfterCommit | undefined> {
  switch (event.type) {
    case "PaymentAuthorized": {
      const { orderId, amountCents } = parse(paymentAuthorized, event);
      return observeOnCommit(await completeOrder(tx, orderId, { status: "CONFIRMED", amountCents }));
    }
    case "PaymentDeclined": {
      const { orderId } = parse(orderRef, event);
      return observeOnCommit(await completeOrder(tx, orderId, { status: "CANCELLED", reason: "payment_declined" }));
    }
    case "StockRejected": {
      const { orderId } = parse(orderRef, event);
      return observeOnCommit(await completeOrder(tx, orderId, { status: "CANCELLED", reason: "out_of_stock" }));
    }
    default:
      return undefined;
  }
}
