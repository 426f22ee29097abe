import { describe, expect, it } from "vitest";
import { idempotencyKey, placeOrderRequest } from "../src/orders.schema.js";

const pathsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join(".")) ?? [];

describe("what an order request may contain", () => {
  it("When an identifier carries a control character or a space, then it is refused and the field is named", () => {
    const items = [{ productId: "sku-espresso", quantity: 1 }];
    expect(placeOrderRequest.safeParse({ customerId: "customer-0001", items }).success).toBe(true);
    expect(
      pathsOf(
        placeOrderRequest.safeParse({ customerId: "customer-0001", items: [{ productId: "sku\u0000", quantity: 1 }] }),
      ),
    ).toEqual(["items.0.productId"]);
    expect(pathsOf(placeOrderRequest.safeParse({ customerId: "customer 0001", items }))).toEqual(["customerId"]);
    expect(pathsOf(placeOrderRequest.safeParse({ customerId: "customer-0001\n", items }))).toEqual(["customerId"]);
  });

  it("When an Idempotency-Key is empty, short or has a control character, then it is refused; absent is fine", () => {
    expect(idempotencyKey.safeParse(undefined).success).toBe(true);
    expect(idempotencyKey.safeParse("order-key-1").success).toBe(true);
    for (const bad of ["", "short", "key-with-\u0007-bell"])
      expect(idempotencyKey.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
