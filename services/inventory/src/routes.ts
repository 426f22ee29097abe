import { Router } from "express";
import { AppError, type Pool } from "@firebreak/platform";
import { productId } from "./inventory.schema.js";
import { findProduct, listProducts } from "./inventory.repo.js";

export function inventoryRoutes(pool: Pool): Router {
  const router = Router();
  router.get("/api/v1/products", async (_req, res) => {
    res.json({ products: await listProducts(pool) });
  });
  router.get("/api/v1/products/:id", async (req, res) => {
    const id = productId.parse(req.params.id);
    const product = await findProduct(pool, id);
    if (!product)
      throw new AppError("product-not-found", `no product ${id}`, 404, [{ name: "id", reason: "unknown product" }]);
    res.json(product);
  });
  return router;
}
