import { z } from "zod";
import { identifier } from "@firebreak/platform";

export const orderItem = z.object({ productId: z.string().min(1), quantity: z.number().int().positive() });
export type OrderItem = z.infer<typeof orderItem>;

export const orderPlaced = z.object({
  orderId: z.string().uuid(),
  /** Passed on in StockReserved, so that payments knows whose payment it records. */
  customerId: z.string().min(1).max(64).optional(),
  items: z.array(orderItem).min(1),
});
export type OrderPlaced = z.infer<typeof orderPlaced>;
export const orderRef = z.object({ orderId: z.string().uuid() });
export const productId = identifier(1, 64);

export interface Product {
  id: string;
  name: string;
  priceCents: number;
  initialStock: number;
  available: number;
  reserved: number;
  sold: number;
}

export type Rejection = "out_of_stock" | "unknown_product";
