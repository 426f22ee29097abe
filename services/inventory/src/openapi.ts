import { z } from "zod";
import type { Operation } from "@firebreak/platform";
import { productId } from "./inventory.schema.js";

const product = z.object({
  id: z.string(),
  name: z.string(),
  priceCents: z.number().int(),
  initialStock: z.number().int(),
  available: z.number().int(),
  reserved: z.number().int(),
  sold: z.number().int(),
});

export const INVENTORY_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/products",
    summary: "The catalogue with stock: initial = available + reserved + sold",
    responses: { 200: { description: "the products", schema: z.object({ products: z.array(product) }) } },
  },
  {
    method: "get",
    path: "/api/v1/products/{id}",
    summary: "One product and its stock",
    params: z.object({ id: productId }),
    responses: { 200: { description: "the product", schema: product } },
  },
];
