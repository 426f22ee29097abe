import type { Redis } from "ioredis";
import type { Logger } from "@firebreak/platform";
import type { Order } from "./orders.schema.js";

const keyOf = (id: string) => `orders:order:${id}`;

/**
 * Cache-aside for single orders. Only terminal orders are cached: they never change again, so the
 * cache cannot serve a stale status and needs no invalidation. Redis is an optimisation, never a
 * dependency: when it fails, reads fall through to PostgreSQL and the failure is logged.
 */
export class OrderCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  async get(id: string): Promise<Order | undefined> {
    try {
      const cached = await this.redis.get(keyOf(id));
      return cached ? (JSON.parse(cached) as Order) : undefined;
    } catch (error) {
      this.logger.warn({ err: error }, "order cache read failed; reading from the database");
      return undefined;
    }
  }

  async put(order: Order): Promise<void> {
    if (order.status === "PENDING") return;
    await this.redis.set(keyOf(order.id), JSON.stringify(order), "EX", this.ttlSeconds).catch((error: unknown) => {
      this.logger.warn({ err: error }, "order cache write failed");
    });
  }
}
