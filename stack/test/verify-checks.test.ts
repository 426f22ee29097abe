import { describe, expect, it } from "vitest";
import {
  checkAcknowledged,
  checkOrders,
  checkPayments,
  checkStock,
  report,
  type LandedEvents,
} from "../src/verify/checks.js";

const landed = (entries: Record<string, Record<string, number>>): LandedEvents =>
  new Map(Object.entries(entries).map(([id, events]) => [id, new Map(Object.entries(events))]));

describe("integrity checks", () => {
  it("When every order landed once and ended, then nothing is found", () => {
    const findings = checkOrders(
      [
        { id: "a", status: "CONFIRMED", amountCents: 10 },
        { id: "b", status: "CANCELLED", amountCents: null },
      ],
      landed({
        a: { OrderPlaced: 1, StockReserved: 1, PaymentAuthorized: 1 },
        b: { OrderPlaced: 1, StockRejected: 1 },
      }),
    );
    expect(findings).toEqual([]);
  });

  it("When events are missing, doubled, unknown or an order is pending, then each is named", () => {
    const findings = checkOrders(
      [
        { id: "lost", status: "CONFIRMED", amountCents: 1 },
        { id: "twice", status: "CANCELLED", amountCents: null },
        { id: "stuck", status: "PENDING", amountCents: null },
      ],
      landed({ twice: { OrderPlaced: 2, PaymentDeclined: 1 }, stuck: { OrderPlaced: 1 }, ghost: { OrderPlaced: 1 } }),
    );
    expect(findings.map((f) => `${f.kind}:${f.subject}`).sort()).toEqual(
      ["duplicated:twice", "lost:lost", "lost:lost", "stuck:stuck", "unexpected:ghost"].sort(),
    );
  });

  it("When stock does not add up or is held with nothing pending, then it is a stock finding", () => {
    const products = [
      { id: "ok", initialStock: 10, available: 7, reserved: 0, sold: 3 },
      { id: "leak", initialStock: 10, available: 7, reserved: 0, sold: 2 },
      { id: "held", initialStock: 10, available: 7, reserved: 1, sold: 2 },
    ];
    expect(checkStock(products, 0).map((f) => f.subject)).toEqual(["leak", "held"]);
    expect(checkStock(products, 3).map((f) => f.subject)).toEqual(["leak"]);
  });

  it("When payments and confirmed orders disagree, then the report is invalid and counts it", () => {
    const findings = checkPayments([{ id: "a", status: "CONFIRMED", amountCents: 500 }], 400);
    const result = report(1, findings);
    expect(result.valid).toBe(false);
    expect(result.counts.payments).toBe(1);
    expect(report(1, []).valid).toBe(true);
  });

  it("When clients were told about orders, then lost acknowledgements, refused-but-created and re-keyed orders are found", () => {
    const view = {
      acknowledged: [
        { orderId: "o1", key: "t-1" },
        { orderId: "o2", key: "t-2" },
        { orderId: "o3", key: "t-3" },
      ],
      refused: ["t-4", "t-5"],
    };
    const orderIds = new Set(["o1", "o3", "o3b", "o4"]);
    const orderOfKey = new Map([
      ["t-1", "o1"],
      ["t-3", "o3b"],
      ["t-4", "o4"],
    ]);
    const findings = checkAcknowledged(view, orderIds, orderOfKey);
    expect(findings.map((f) => `${f.kind} ${f.subject}`).sort()).toEqual(["duplicated o3", "lost o2", "unexpected o4"]);
    expect(
      checkAcknowledged({ acknowledged: [{ orderId: "o1", key: "t-1" }], refused: [] }, orderIds, orderOfKey),
    ).toEqual([]);
  });
});
