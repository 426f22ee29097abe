import { describe, expect, it } from "vitest";
import {
  checkAcknowledged,
  checkOrders,
  checkSold,
  checkStock,
  report,
  type LandedEvents,
} from "../src/verify/checks.js";
import { checkReservations } from "../src/verify/reservations-check.js";
import {
  checkPayments,
  type PaymentRecord,
  type PlacedOrder,
  type ProviderLedger,
} from "../src/verify/payments-check.js";

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

  it("When payments and orders disagree order by order, then each is a finding, even where the totals would balance", () => {
    const placedAt = "2026-12-04T10:00:00.000Z";
    const orders: PlacedOrder[] = [
      { id: "ok", status: "CONFIRMED", amountCents: 500, placedAt },
      { id: "unpaid", status: "CONFIRMED", amountCents: 300, placedAt },
      { id: "paid-but-cancelled", status: "CANCELLED", amountCents: 300, placedAt },
      { id: "declined", status: "CANCELLED", amountCents: 200, placedAt },
    ];
    const payments: PaymentRecord[] = [
      { orderId: "ok", status: "AUTHORIZED", amountCents: 500, voidPending: false },
      // Authorized 300 for a cancelled order and none for a confirmed one of 300: the totals match.
      { orderId: "paid-but-cancelled", status: "AUTHORIZED", amountCents: 300, voidPending: false },
      { orderId: "declined", status: "DECLINED", amountCents: 200, voidPending: true },
    ];
    const ledger: ProviderLedger = {
      openedAt: placedAt,
      entries: [
        { key: "ok", status: "authorized", amountCents: 500 },
        { key: "unpaid", status: "authorized", amountCents: 300 },
        { key: "paid-but-cancelled", status: "voided", amountCents: 300 },
        { key: "declined", status: "authorized", amountCents: 200 },
        { key: "stranger", status: "authorized", amountCents: 100 },
      ],
    };
    const findings = checkPayments(orders, payments, ledger);
    expect(findings.map((f) => [f.subject, f.detail])).toEqual([
      ["unpaid", "CONFIRMED but the payment is missing"],
      ["paid-but-cancelled", "CANCELLED but the payment is AUTHORIZED"],
      ["declined", "charged but cancelled: the provider holds an authorization for a CANCELLED order"],
      ["declined", "declined, but its void at the provider is not confirmed"],
      ["stranger", "the provider holds an authorization for no known order"],
    ]);
    expect(report(4, findings).counts.payments).toBe(5);
    expect(report(4, findings).valid).toBe(false);
    expect(
      checkPayments(orders.slice(0, 1), payments.slice(0, 1), { ...ledger, entries: ledger.entries.slice(0, 1) }),
    ).toEqual([]);
  });

  it("When an order was placed before the provider's books opened, then it is checked against payments only", () => {
    const order: PlacedOrder = {
      id: "old",
      status: "CONFIRMED",
      amountCents: 500,
      placedAt: "2026-12-01T00:00:00.000Z",
    };
    const payment: PaymentRecord = { orderId: "old", status: "AUTHORIZED", amountCents: 500, voidPending: false };
    expect(checkPayments([order], [payment], { openedAt: "2026-12-02T00:00:00.000Z", entries: [] })).toEqual([]);
    expect(checkPayments([order], [payment], { openedAt: "2026-11-30T00:00:00.000Z", entries: [] })).toHaveLength(1);
  });

  it("When sold units and confirmed orders disagree per product, then each is a stock finding, though stock is conserved", () => {
    const products = [
      { id: "ok", initialStock: 10, available: 7, reserved: 0, sold: 3 },
      { id: "sold-without-order", initialStock: 10, available: 6, reserved: 0, sold: 4 },
    ];
    const confirmed = new Map([
      ["ok", 3],
      ["sold-without-order", 3],
      ["ghost", 2],
    ]);
    expect(checkStock(products, 0)).toEqual([]);
    expect(checkSold(products, confirmed, 0).map((f) => [f.subject, f.detail])).toEqual([
      ["sold-without-order", "4 sold ≠ 3 units in CONFIRMED orders"],
      ["ghost", "2 units in CONFIRMED orders of a product inventory does not have"],
    ]);
    // While orders are pending, a sale may not have happened yet: nothing is judged.
    expect(checkSold(products, confirmed, 1)).toEqual([]);
  });

  it("When reservations disagree with how orders ended, then each mismatch and each orphan is found", () => {
    const orders = [
      { id: "sold", status: "CONFIRMED" as const, amountCents: 10 },
      { id: "released", status: "CANCELLED" as const, amountCents: null },
      { id: "rejected", status: "CANCELLED" as const, amountCents: null },
      { id: "unsold", status: "CONFIRMED" as const, amountCents: 10 },
      { id: "still-held", status: "CANCELLED" as const, amountCents: null },
      { id: "never-reserved", status: "CONFIRMED" as const, amountCents: 10 },
      { id: "in-flight", status: "PENDING" as const, amountCents: null },
    ];
    const findings = checkReservations(orders, [
      { orderId: "sold", status: "SOLD" },
      { orderId: "released", status: "RELEASED" },
      { orderId: "rejected", status: "REJECTED" },
      { orderId: "unsold", status: "RELEASED" },
      { orderId: "still-held", status: "RESERVED" },
      { orderId: "in-flight", status: "RESERVED" },
      { orderId: "ghost", status: "SOLD" },
    ]);
    expect(findings.map((f) => [f.kind, f.subject, f.detail])).toEqual([
      ["stock", "unsold", "CONFIRMED but its reservation is RELEASED"],
      ["stock", "still-held", "CANCELLED but its reservation is RESERVED"],
      ["stock", "never-reserved", "CONFIRMED but inventory has no reservation"],
      ["unexpected", "ghost", "a SOLD reservation of no known order"],
    ]);
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

  it("When a client sent a placement again with the same key, then an answer naming another order is a duplicate", () => {
    const orderIds = new Set(["o1", "o1b"]);
    const orderOfKey = new Map([["t-1", "o1"]]);
    const acknowledged = [{ orderId: "o1", key: "t-1" }];
    expect(
      checkAcknowledged({ acknowledged, retried: [{ orderId: "o1", key: "t-1" }], refused: [] }, orderIds, orderOfKey),
    ).toEqual([]);
    const findings = checkAcknowledged(
      { acknowledged, retried: [{ orderId: "o1b", key: "t-1" }], refused: [] },
      orderIds,
      orderOfKey,
    );
    expect(findings.map((f) => `${f.kind} ${f.subject}`)).toEqual(["duplicated o1b"]);
  });
});
