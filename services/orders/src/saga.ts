import { z } from "zod";
import {
  histogram,
  LABELS,
  METRICS,
  observeWithExemplar,
  PoisonEvent,
  SAGA_BUCKETS,
  sampledTraceId,
  type ReceivedEvent,
  type Tx,
} from "@firebreak/platform";
import type { Order } from "./orders.schema.js";
import { completeOrder } from "./orders.repo.js";

/** The saga's topics that decide an order's fate. */
export const SAGA_TOPICS = ["firebreak.inventory", "firebreak.payment"];

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

function observe(order: Order | undefined): void {
  if (!order?.completedAt) return;
  const seconds = (Date.parse(order.completedAt) - Date.parse(order.createdAt)) / 1000;
  observeWithExemplar(sagaDuration, { [LABELS.orderStatus]: order.status }, seconds, sampledTraceId());
}

/** An authorised payment confirms the order; rejected stock or a declined payment cancels it. */
export async function applySagaEvent(event: ReceivedEvent, tx: Tx): Promise<void> {
  switch (event.type) {
    case "PaymentAuthorized": {
      const { orderId, amountCents } = parse(paymentAuthorized, event);
      observe(await completeOrder(tx, orderId, { status: "CONFIRMED", amountCents }));
      return;
    }
    case "PaymentDeclined":
      observe(
        await completeOrder(tx, parse(orderRef, event).orderId, { status: "CANCELLED", reason: "payment_declined" }),
      );
      return;
    case "StockRejected":
      observe(await completeOrder(tx, parse(orderRef, event).orderId, { status: "CANCELLED", reason: "out_of_stock" }));
      return;
    default:
      return;
  }
}
