import type { Finding, OrderRecord } from "./checks.js";

export interface PaymentRecord {
  orderId: string;
  status: "AUTHORIZED" | "DECLINED";
  amountCents: number;
  voidPending: boolean;
}

/** The payment provider's statement: what it decided for each key (the order id), since its books opened. */
export interface ProviderLedger {
  openedAt: string;
  entries: { key: string; status: "authorized" | "declined" | "voided"; amountCents: number }[];
}

export type PlacedOrder = OrderRecord & { placedAt: string };

const finding = (subject: string, detail: string): Finding => ({ kind: "payments", subject, detail });

/** The order's own book against payments': confirmed ⇔ authorized for the order's amount. */
function checkOwnBooks(order: PlacedOrder, payment: PaymentRecord | undefined): Finding[] {
  if (order.status === "CONFIRMED" && payment?.status !== "AUTHORIZED") {
    return [finding(order.id, `CONFIRMED but the payment is ${payment?.status ?? "missing"}`)];
  }
  if (order.status === "CONFIRMED" && payment!.amountCents !== order.amountCents) {
    return [finding(order.id, `CONFIRMED for ${order.amountCents} but authorized ${payment!.amountCents}`)];
  }
  if (order.status === "CANCELLED" && payment?.status === "AUTHORIZED") {
    return [finding(order.id, "CANCELLED but the payment is AUTHORIZED")];
  }
  return [];
}

/** The provider's book: money is held exactly for confirmed orders, for their amount. */
function checkProvider(order: PlacedOrder, entry: ProviderLedger["entries"][number] | undefined): Finding[] {
  if (order.status === "CONFIRMED" && entry?.status !== "authorized") {
    return [finding(order.id, `CONFIRMED but the provider's ledger says ${entry?.status ?? "nothing"}`)];
  }
  if (order.status === "CONFIRMED" && entry!.amountCents !== order.amountCents) {
    return [finding(order.id, `CONFIRMED for ${order.amountCents} but the provider holds ${entry!.amountCents}`)];
  }
  if (order.status === "CANCELLED" && entry?.status === "authorized") {
    return [finding(order.id, "charged but cancelled: the provider holds an authorization for a CANCELLED order")];
  }
  return [];
}

/**
 * Payments matched order by order, in the three books: orders, payments and the provider's ledger. A
 * missing payment and an extra one of the same amount no longer cancel out, as a comparison of totals
 * let them. Orders placed before the provider's books opened are checked against payments only.
 */
export function checkPayments(orders: PlacedOrder[], payments: PaymentRecord[], ledger: ProviderLedger): Finding[] {
  const paymentOf = new Map(payments.map((payment) => [payment.orderId, payment]));
  const entryOf = new Map(ledger.entries.map((entry) => [entry.key, entry]));
  const orderIds = new Set(orders.map((order) => order.id));
  const findings: Finding[] = [];
  for (const order of orders) {
    if (order.status === "PENDING") continue;
    findings.push(...checkOwnBooks(order, paymentOf.get(order.id)));
    if (order.placedAt >= ledger.openedAt) findings.push(...checkProvider(order, entryOf.get(order.id)));
  }
  for (const payment of payments) {
    if (!orderIds.has(payment.orderId)) findings.push(finding(payment.orderId, "a payment for no known order"));
    if (payment.voidPending)
      findings.push(finding(payment.orderId, "declined, but its void at the provider is not confirmed"));
  }
  for (const entry of ledger.entries) {
    if (entry.status === "authorized" && !orderIds.has(entry.key)) {
      findings.push(finding(entry.key, "the provider holds an authorization for no known order"));
    }
  }
  return findings;
}
