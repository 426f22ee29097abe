import { Router } from "express";
import { callerOf, headerParam, type Logger } from "@firebreak/platform";
import { idempotencyKey, listOrdersQuery, orderId, placeOrderRequest } from "./orders.schema.js";
import { getOrder, listOrders, placeOrder, type OrdersDeps } from "./orders.js";

export function orderRoutes(deps: OrdersDeps & { logger: Logger }): Router {
  const router = Router();
  router.post("/api/v1/orders", async (req, res) => {
    const request = placeOrderRequest.parse(req.body);
    const key = headerParam("Idempotency-Key", idempotencyKey, req.get("idempotency-key"));
    const { order, replayed } = await placeOrder(deps, callerOf(res), request, key, req.get("traceparent"));
    // With tracing on, this line carries trace_id and span_id: the way from a trace to its logs.
    deps.logger.info({ orderId: order.id, customerId: order.customerId, replayed }, "order placed");
    res
      .status(replayed ? 200 : 201)
      .location(`/api/v1/orders/${order.id}`)
      .json(order);
  });
  router.get("/api/v1/orders/:id", async (req, res) => {
    res.json(await getOrder(deps, callerOf(res), orderId.parse(req.params.id)));
  });
  router.get("/api/v1/orders", async (req, res) => {
    const { customerId, limit } = listOrdersQuery.parse(req.query);
    res.json({ orders: await listOrders(deps, callerOf(res), customerId, limit) });
  });
  return router;
}
