import { z } from "zod";
import { identifier } from "@firebreak/platform";

export const ORDER_STATUSES = ["PENDING", "CONFIRMED", "CANCELLED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const placeOrderRequest = z.object({
  customerId: identifier(1, 64),
  items: z
    .array(z.object({ productId: identifier(1, 64), quantity: z.number().int().min(1).max(1_000) }))
    .min(1)
    .max(50),
});
export type PlaceOrderRequest = z.infer<typeof placeOrderRequest>;

export const idempotencyKey = identifier(8, 128).optional();
export const orderId = z.string().uuid();
export const listOrdersQuery = z.object({
  /** Defaults to the caller; only an operator may name someone else. */
  customerId: identifier(1, 64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  items: PlaceOrderRequest["items"];
  amountCents: number | null;
  cancelReason: string | null;
  createdAt: string;
  completedAt: string | null;
}
