import { z } from "zod";

export const ORDER_STATUSES = ["PENDING", "CONFIRMED", "CANCELLED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const placeOrderRequest = z.object({
  customerId: z.string().min(1).max(64),
  items: z
    .array(z.object({ productId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(1_000) }))
    .min(1)
    .max(50),
});
export type PlaceOrderRequest = z.infer<typeof placeOrderRequest>;

export const idempotencyKey = z.string().min(8).max(128).optional();
export const orderId = z.string().uuid();
export const listOrdersQuery = z.object({
  /** Defaults to the caller; only an operator may name someone else. */
  customerId: z.string().min(1).max(64).optional(),
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
