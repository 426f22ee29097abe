import { z } from "zod";
import type { Operation } from "@firebreak/platform";
import { idempotencyKey, listOrdersQuery, ORDER_STATUSES, orderId, placeOrderRequest } from "./orders.schema.js";

const order = z.object({
  id: z.string().uuid(),
  customerId: z.string(),
  status: z.enum(ORDER_STATUSES),
  items: placeOrderRequest.shape.items,
  amountCents: z.number().int().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

export const ORDERS_OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/api/v1/orders",
    summary:
      "Place an order for the token's customer (customerId must be the token's subject, or 403); with an Idempotency-Key a retry returns the first order",
    headers: z.object({ "Idempotency-Key": idempotencyKey }),
    body: placeOrderRequest,
    responses: { 201: { description: "placed", schema: order }, 200: { description: "replayed", schema: order } },
  },
  {
    method: "get",
    path: "/api/v1/orders/{id}",
    summary: "One of the caller's orders (another customer's answers 404, as an unknown one does)",
    params: z.object({ id: orderId }),
    responses: { 200: { description: "the order", schema: order } },
  },
  {
    method: "get",
    path: "/api/v1/orders",
    summary: "The caller's orders, newest first; an operator names the customer",
    query: listOrdersQuery,
    responses: { 200: { description: "the orders", schema: z.object({ orders: z.array(order) }) } },
  },
];
