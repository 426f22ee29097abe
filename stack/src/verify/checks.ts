/** Jepsen-style integrity checks over what the databases and ClickHouse hold once the pipeline has drained. */

export interface OrderRecord {
  id: string;
  status: "PENDING" | "CONFIRMED" | "CANCELLED";
  amountCents: number | null;
}

/** Distinct event ids per order and event type, as ClickHouse holds them. */
export type LandedEvents = Map<string, Map<string, number>>;

export interface StockRecord {
  id: string;
  initialStock: number;
  available: number;
  reserved: number;
  sold: number;
}

export interface Finding {
  kind: "lost" | "duplicated" | "unexpected" | "stuck" | "stock" | "payments";
  subject: string;
  detail: string;
}

export interface VerifyReport {
  ordersChecked: number;
  counts: Record<Finding["kind"], number>;
  samples: Record<Finding["kind"], Finding[]>;
  valid: boolean;
}

const TERMINAL_EVENT: Record<string, string[]> = {
  CONFIRMED: ["PaymentAuthorized"],
  CANCELLED: ["PaymentDeclined", "StockRejected"],
};
const SAMPLE_SIZE = 5;

export function checkOrders(orders: OrderRecord[], landed: LandedEvents): Finding[] {
  const findings: Finding[] = [];
  const known = new Set(orders.map((order) => order.id));
  for (const order of orders) {
    const events = landed.get(order.id) ?? new Map<string, number>();
    const placed = events.get("OrderPlaced") ?? 0;
    if (placed === 0) findings.push({ kind: "lost", subject: order.id, detail: "OrderPlaced is not in ClickHouse" });
    if (placed > 1)
      findings.push({ kind: "duplicated", subject: order.id, detail: `${placed} distinct OrderPlaced events` });
    if (order.status === "PENDING") {
      findings.push({ kind: "stuck", subject: order.id, detail: "still PENDING after the pipeline drained" });
      continue;
    }
    const terminal = TERMINAL_EVENT[order.status]!.reduce((sum, type) => sum + (events.get(type) ?? 0), 0);
    if (terminal === 0)
      findings.push({ kind: "lost", subject: order.id, detail: `${order.status} but no deciding event in ClickHouse` });
    if (terminal > 1) findings.push({ kind: "duplicated", subject: order.id, detail: `${terminal} deciding events` });
  }
  for (const [orderId, events] of landed) {
    if (!known.has(orderId) && events.has("OrderPlaced")) {
      findings.push({ kind: "unexpected", subject: orderId, detail: "in ClickHouse but not in the orders database" });
    }
  }
  return findings;
}

export function checkStock(products: StockRecord[], pendingOrders: number): Finding[] {
  const findings: Finding[] = [];
  for (const p of products) {
    if (p.available + p.reserved + p.sold !== p.initialStock) {
      findings.push({
        kind: "stock",
        subject: p.id,
        detail: `initial ${p.initialStock} ≠ ${p.available} + ${p.reserved} + ${p.sold}`,
      });
    }
    if (pendingOrders === 0 && p.reserved !== 0) {
      findings.push({
        kind: "stock",
        subject: p.id,
        detail: `${p.reserved} units still reserved with no order pending`,
      });
    }
  }
  return findings;
}

/**
 * Once nothing is pending, every unit sold belongs to a confirmed order: per product, sold equals the
 * quantities of the CONFIRMED orders that hold it. Conservation alone would let a sale without an
 * order (or an order confirmed without its sale) through, as long as available units made up for it.
 */
export function checkSold(
  products: StockRecord[],
  confirmedUnits: Map<string, number>,
  pendingOrders: number,
): Finding[] {
  if (pendingOrders > 0) return [];
  const findings: Finding[] = [];
  const known = new Set(products.map((p) => p.id));
  for (const p of products) {
    const confirmed = confirmedUnits.get(p.id) ?? 0;
    if (p.sold !== confirmed) {
      findings.push({
        kind: "stock",
        subject: p.id,
        detail: `${p.sold} sold ≠ ${confirmed} units in CONFIRMED orders`,
      });
    }
  }
  for (const [product, units] of confirmedUnits) {
    if (!known.has(product)) {
      findings.push({
        kind: "stock",
        subject: product,
        detail: `${units} units in CONFIRMED orders of a product inventory does not have`,
      });
    }
  }
  return findings;
}

export function report(ordersChecked: number, findings: Finding[]): VerifyReport {
  const kinds: Finding["kind"][] = ["lost", "duplicated", "unexpected", "stuck", "stock", "payments"];
  const counts = Object.fromEntries(
    kinds.map((k) => [k, findings.filter((f) => f.kind === k).length]),
  ) as VerifyReport["counts"];
  const samples = Object.fromEntries(
    kinds.map((k) => [k, findings.filter((f) => f.kind === k).slice(0, SAMPLE_SIZE)]),
  ) as VerifyReport["samples"];
  const valid = kinds.every((k) => counts[k] === 0);
  return { ordersChecked, counts, samples, valid };
}

/** What a load test's clients were told (from its acknowledgement log). */
export interface ClientView {
  acknowledged: { orderId: string; key: string }[];
  /** Answers to a request sent again with the same Idempotency-Key. */
  retried?: { orderId: string; key: string }[];
  refused: string[];
}

/**
 * The clients' side of the integrity check: every acknowledged order must exist and be the one its
 * Idempotency-Key created (a retry with the same key included); an order must not exist for a request
 * the client was told was refused.
 * `orderOfKey` maps the run's idempotency keys to the orders the database holds for them.
 */
export function checkAcknowledged(view: ClientView, orderIds: Set<string>, orderOfKey: Map<string, string>): Finding[] {
  const findings: Finding[] = [];
  for (const { orderId, key } of [...view.acknowledged, ...(view.retried ?? [])]) {
    if (!orderIds.has(orderId)) {
      findings.push({
        kind: "lost",
        subject: orderId,
        detail: `acknowledged to a client (key ${key}) but not in orders`,
      });
    } else if (orderOfKey.has(key) && orderOfKey.get(key) !== orderId) {
      findings.push({ kind: "duplicated", subject: orderId, detail: `key ${key} also created ${orderOfKey.get(key)}` });
    }
  }
  for (const key of view.refused) {
    const orderId = orderOfKey.get(key);
    if (orderId) findings.push({ kind: "unexpected", subject: orderId, detail: `the client was refused (key ${key})` });
  }
  return findings;
}
