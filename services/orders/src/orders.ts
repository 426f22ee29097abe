import { createHash, randomUUID } from "node:crypto";
import { AppError, countOutboxEvent, outboxValues, type Caller, type Pool } from "@firebreak/platform";
import type { Order, PlaceOrderRequest } from "./orders.schema.js";
import { findIdempotencyKey, findOrder, insertOrderWithEvent, listOrdersOf } from "./orders.repo.js";
import type { OrderCache } from "./order-cache.js";

export interface OrdersDeps {
  pool: Pool;
  cache: OrderCache;
}

export const ORDER_AGGREGATE = "order";

const hashOf = (request: PlaceOrderRequest) => createHash("sha256").update(JSON.stringify(request)).digest("hex");

const mayActFor = (caller: Caller, customerId: string) => caller.operator || caller.subject === customerId;

const notYours = (field: string) =>
  new AppError("forbidden", `${field} must be your own customer id`, 403, [
    { name: field, reason: "not the token's subject" },
  ]);

/**
 * Places an order for the caller: the body's customerId must be the token's subject (an operator may
 * place for anyone). The order row and its OrderPlaced event commit together. With an idempotency
 * key, a retry gets the order the first request created; the same key with a different body is refused.
 */
export async function placeOrder(
  deps: OrdersDeps,
  caller: Caller,
  request: PlaceOrderRequest,
  idempotencyKey?: string,
  traceparent?: string,
): Promise<{ order: Order; replayed: boolean }> {
  if (!mayActFor(caller, request.customerId)) throw notYours("customerId");
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

/** Someone else's order is answered exactly as an unknown one, so that order ids cannot be probed. */
export async function getOrder(deps: OrdersDeps, caller: Caller, id: string): Promise<Order> {
  const order = await readOrder(deps, id);
  if (!order || !mayActFor(caller, order.customerId)) {
    throw new AppError("order-not-found", `no order ${id}`, 404, [{ name: "id", reason: "unknown order" }]);
  }
  return order;
}

async function readOrder(deps: OrdersDeps, id: string): Promise<Order | undefined> {
  const cached = await deps.cache.get(id);
  // The cache is keyed by id; an entry that says otherwise is not this order.
  if (cached?.id === id) return cached;
  const order = await findOrder(deps.pool, id);
  if (order) await deps.cache.put(order);
  return order;
}

/** The caller's orders; an operator names the customer. */
export function listOrders(deps: OrdersDeps, caller: Caller, customerId: string | undefined, limit: number) {
  const customer = customerId ?? (caller.operator ? undefined : caller.subject);
  if (customer === undefined) {
    // Every customer's orders at once is a list nobody may ask for, operators included: they read one
    // customer's at a time. 403, not 400: the request is well formed, the caller is not allowed it.
    throw new AppError("forbidden", "an operator lists one customer's orders at a time", 403, [
      { name: "customerId", reason: "required for operators" },
    ]);
  }
  if (!mayActFor(caller, customer)) throw notYours("customerId");
  return listOrdersOf(deps.pool, customer, limit);
}
