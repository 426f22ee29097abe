import { createHash, randomUUID } from "node:crypto";
import { AppError, countOutboxEvent, outboxValues, type Pool } from "@firebreak/platform";
import type { Order, PlaceOrderRequest } from "./orders.schema.js";
import { findIdempotencyKey, findOrder, insertOrderWithEvent, listOrdersOf } from "./orders.repo.js";
import type { OrderCache } from "./order-cache.js";

export interface OrdersDeps {
  pool: Pool;
  cache: OrderCache;
}

export const ORDER_AGGREGATE = "order";

const hashOf = (request: PlaceOrderRequest) => createHash("sha256").update(JSON.stringify(request)).digest("hex");

/**
 * Places an order: the order row and its OrderPlaced event commit together. With an idempotency key,
 * a retry gets the order the first request created; the same key with a different body is refused.
 */
export async function placeOrder(
  deps: OrdersDeps,
  request: PlaceOrderRequest,
  idempotencyKey?: string,
  traceparent?: string,
): Promise<{ order: Order; replayed: boolean }> {
  const id = randomUUID();
  const requestHash = hashOf(request);
  const event = {
    aggregateType: ORDER_AGGREGATE,
    aggregateId: id,
    type: "OrderPlaced",
    payload: { orderId: id, ...request },
  };
  const claim = idempotencyKey ? { key: idempotencyKey, requestHash } : undefined;
  const order = await insertOrderWithEvent(deps.pool, id, request, claim, outboxValues(event, traceparent));
  if (order) {
    countOutboxEvent(event);
    return { order, replayed: false };
  }
  return replay(deps.pool, idempotencyKey!, requestHash);
}

async function replay(pool: Pool, key: string, requestHash: string) {
  const earlier = await findIdempotencyKey(pool, key);
  if (earlier.requestHash !== requestHash) {
    throw new AppError("idempotency-key-reused", "this Idempotency-Key was used for a different request", 422, [
      { name: "Idempotency-Key", reason: "already used with a different body" },
    ]);
  }
  return { order: (await findOrder(pool, earlier.orderId))!, replayed: true };
}

export async function getOrder(deps: OrdersDeps, id: string): Promise<Order> {
  const cached = await deps.cache.get(id);
  if (cached) return cached;
  const order = await findOrder(deps.pool, id);
  if (!order) throw new AppError("order-not-found", `no order ${id}`, 404, [{ name: "id", reason: "unknown order" }]);
  await deps.cache.put(order);
  return order;
}

export const listOrders = (deps: OrdersDeps, customerId: string, limit: number) =>
  listOrdersOf(deps.pool, customerId, limit);
