import type { Finding, OrderRecord } from "./checks.js";

export interface ReservationRecord {
  orderId: string;
  status: "RESERVED" | "REJECTED" | "RELEASED" | "SOLD";
}

/** What inventory must hold for an order once its saga has ended. */
const EXPECTED: Record<Exclude<OrderRecord["status"], "PENDING">, ReservationRecord["status"][]> = {
  CONFIRMED: ["SOLD"],
  // Cancelled for want of stock (nothing was held), or for a declined payment (the hold was released).
  CANCELLED: ["REJECTED", "RELEASED"],
};

/**
 * Each decided order against inventory's reservation for it: a confirmed order whose units were not
 * sold, a cancelled one whose units are still held, a reservation of an order that does not exist.
 * Stock can add up while one order's units stand in for another's; this is the order-by-order match.
 */
export function checkReservations(orders: OrderRecord[], reservations: ReservationRecord[]): Finding[] {
  const findings: Finding[] = [];
  const byOrder = new Map(reservations.map((reservation) => [reservation.orderId, reservation.status]));
  for (const order of orders) {
    if (order.status === "PENDING") continue;
    const held = byOrder.get(order.id);
    if (held === undefined) {
      findings.push({ kind: "stock", subject: order.id, detail: `${order.status} but inventory has no reservation` });
    } else if (!EXPECTED[order.status].includes(held)) {
      findings.push({ kind: "stock", subject: order.id, detail: `${order.status} but its reservation is ${held}` });
    }
  }
  const known = new Set(orders.map((order) => order.id));
  for (const { orderId, status } of reservations) {
    if (!known.has(orderId)) {
      findings.push({ kind: "unexpected", subject: orderId, detail: `a ${status} reservation of no known order` });
    }
  }
  return findings;
}
