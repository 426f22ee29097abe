import { z } from "zod";
import type { Operation } from "@firebreak/platform";

const payment = z.object({
  orderId: z.string().uuid(),
  customerId: z.string().nullable(),
  status: z.enum(["AUTHORIZED", "DECLINED"]),
  amountCents: z.number().int(),
  reason: z.string().nullable(),
  pspReference: z.string().nullable(),
  voidPending: z
    .boolean()
    .describe("declined without the provider's answer, and the void at the provider not yet confirmed"),
  createdAt: z.string(),
});

export const PAYMENTS_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/payments/{orderId}",
    summary: "The payment decided for one of the caller's orders (another customer's answers 404); operators read any",
    params: z.object({ orderId: z.string().uuid() }),
    responses: { 200: { description: "the payment", schema: payment } },
  },
  {
    method: "get",
    path: "/api/v1/payment-provider/breaker",
    summary: "The circuit breaker in front of the payment provider (operators only; not routed by the gateway)",
    responses: {
      200: { description: "its state", schema: z.object({ state: z.enum(["closed", "open", "half_open"]) }) },
    },
  },
];
