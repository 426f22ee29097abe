import { PoisonEvent, SUBSCRIPTIONS, writeOutboxEvent, type ReceivedEvent, type Tx } from "@firebreak/platform";
import type { z } from "zod";
import { orderPlaced, orderRef, type OrderPlaced, type Rejection } from "./inventory.schema.js";
import { insertReservation, settleReservation } from "./inventory.repo.js";
import { stockOf } from "./stock.js";

export const INVENTORY_AGGREGATE = "inventory";
export const INVENTORY_TOPICS = SUBSCRIPTIONS.inventory;
export const INVENTORY_EVENT_TYPES = ["OrderPlaced", "PaymentAuthorized", "PaymentDeclined"] as const;

function parse<T>(schema: z.ZodType<T>, event: ReceivedEvent): T {
  const result = schema.safeParse(event.payload);
  if (!result.success) throw new PoisonEvent(`${event.type} payload: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}

const emit = (tx: Tx, type: string, orderId: string, payload: object): string =>
  writeOutboxEvent(tx, {
    aggregateType: INVENTORY_AGGREGATE,
    aggregateId: orderId,
    type,
    payload: { orderId, ...payload },
  });

/**
 * All or nothing: every line must be in stock, or the order is rejected and nothing is held. The
 * outcome carries when the order was placed (its OrderPlaced's timestamp), and so does the payment
 * decision after it, so that the read side can time each saga from its deciding event alone.
 */
async function reserve(tx: Tx, placed: OrderPlaced, placedAtMs: number): Promise<void> {
  const { orderId, customerId, items } = placed;
  const products = await stockOf(tx).lock([...new Set(items.map((item) => item.productId))].sort());
  let rejection: Rejection | undefined;
  let amountCents = 0;
  const wanted = new Map<string, number>();
  for (const { productId, quantity } of items) wanted.set(productId, (wanted.get(productId) ?? 0) + quantity);
  for (const [productId, quantity] of wanted) {
    const product = products.get(productId);
    if (!product) rejection ??= "unknown_product";
    else if (product.available < quantity) rejection ??= "out_of_stock";
    else amountCents += product.priceCents * quantity;
  }
  if (rejection) {
    if (await insertReservation(tx, { orderId, status: "REJECTED", items, amountCents: 0 }, rejection)) {
      emit(tx, "StockRejected", orderId, { reason: rejection, placedAtMs });
    }
    return;
  }
  if (!(await insertReservation(tx, { orderId, status: "RESERVED", items, amountCents }))) return;
  stockOf(tx).move(items, "available", "reserved");
  emit(tx, "StockReserved", orderId, { amountCents, items, placedAtMs, ...(customerId ? { customerId } : {}) });
}

/** The inventory side of the saga: reserve on OrderPlaced, sell on PaymentAuthorized, release on PaymentDeclined. */
export async function handleInventoryEvent(event: ReceivedEvent, tx: Tx): Promise<void> {
  switch (event.type) {
    case "OrderPlaced": {
      return reserve(tx, parse(orderPlaced, event), event.occurredMs);
    }
    case "PaymentAuthorized": {
      const sold = await settleReservation(tx, parse(orderRef, event).orderId, "SOLD");
      if (sold) stockOf(tx).move(sold.items, "reserved", "sold");
      return;
    }
    case "PaymentDeclined": {
      const released = await settleReservation(tx, parse(orderRef, event).orderId, "RELEASED");
      if (!released) return;
      stockOf(tx).move(released.items, "reserved", "available");
      emit(tx, "StockReleased", released.orderId, { items: released.items });
      return;
    }
    default:
      return;
  }
}
