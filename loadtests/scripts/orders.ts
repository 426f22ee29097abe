// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- k6 globals such as __ENV come from @types/k6
/// <reference types="k6" />
// The realistic traffic mix against the gateway, for every load profile. Run it through
// `npx firebreak load <profile>`, which supplies dev tokens, remote write and the summary; or with
// plain k6: k6 run -e PROFILE=average -e TOKENS_FILE=<json of customers' tokens>
// -e OPERATOR_TOKEN_FILE=<an operator's token> loadtests/scripts/orders.ts
import http from "k6/http";
import { check } from "k6";
import exec from "k6/execution";
import { buildProfile } from "../lib/profiles.ts";

const profile = buildProfile(__ENV.PROFILE ?? "smoke", {
  ...(__ENV.RATE ? { rate: Number(__ENV.RATE) } : {}),
  ...(__ENV.DURATION_SECONDS ? { durationSeconds: Number(__ENV.DURATION_SECONDS) } : {}),
});
const generated = JSON.parse(open("../generated/thresholds.json")) as { thresholds: Record<string, string[]> };
const customers = JSON.parse(open(__ENV.TOKENS_FILE ?? "")) as { customerId: string; token: string }[];
/** Analytics reads across customers, so the mix asks for it as an operator's dashboard would. */
const operator = { token: open(__ENV.OPERATOR_TOKEN_FILE ?? "").trim() };
const TARGET = __ENV.TARGET_URL ?? "http://127.0.0.1:18080";
const TEST_ID = __ENV.TEST_ID ?? "adhoc";
/**
 * The share of accepted placements sent again with the same Idempotency-Key, as a client does whose
 * answer was lost on the way back: the retry must get the same order (200), never a second one.
 * `firebreak verify --load` checks every answer against the key's one order.
 */
const SAME_KEY_RETRY_SHARE = Number(__ENV.SAME_KEY_RETRY_SHARE ?? "0.01");
const PRODUCTS = ["sku-espresso", "sku-grinder", "sku-kettle", "sku-filter", "sku-scale"];
const ANALYTICS = ["orders-per-minute", "revenue-per-minute", "saga-outcomes", "freshness"];

/** The breakpoint profile stops at the first broken threshold; the others run to the end. */
function withAbort(thresholds: Record<string, string[]>) {
  if (!profile.abortOnFail) return thresholds;
  return Object.fromEntries(
    Object.entries(thresholds).map(([metric, rules]) => [
      metric,
      rules.map((threshold) => ({ threshold, abortOnFail: true, delayAbortEval: "10s" })),
    ]),
  );
}

export const options = {
  scenarios: { [profile.name]: profile.scenario },
  thresholds: withAbort(generated.thresholds),
  summaryTrendStats: ["avg", "p(50)", "p(95)", "p(99)", "max"],
  discardResponseBodies: false,
};

/** Each VU remembers the orders it placed, to read them back. */
const placed: string[] = [];

function headers(customer: { token: string }, extra: Record<string, string> = {}) {
  return {
    authorization: `Bearer ${customer.token}`,
    // Synthetic traffic is marked, so that it can be told apart from real users in traces and logs.
    baggage: `synthetic=true,firebreak.testid=${TEST_ID}`,
    ...extra,
  };
}

function placeOrder(customer: { customerId: string; token: string }): void {
  const key = `${TEST_ID}-${exec.vu.idInTest}-${exec.vu.iterationInScenario}`;
  const body = JSON.stringify({
    customerId: customer.customerId,
    items: [{ productId: PRODUCTS[Math.floor(Math.random() * PRODUCTS.length)], quantity: 1 }],
  });
  const send = (attempt: "first" | "retry") =>
    http.post(`${TARGET}/api/v1/orders`, body, {
      headers: headers(customer, { "content-type": "application/json", "idempotency-key": key }),
      tags: { op: "place_order", name: "POST /api/v1/orders", attempt },
    });
  const first = send("first");
  if (first.status === 201) acknowledge("ack", (first.json() as { id: string }).id, key);
  // A real client retries an unknown outcome with the same key, and now and then a success whose answer it lost.
  const unknownOutcome = first.status === 0 || first.status >= 500;
  const retry =
    unknownOutcome || (first.status === 201 && Math.random() < SAME_KEY_RETRY_SHARE) ? send("retry") : undefined;
  if (retry && (retry.status === 200 || retry.status === 201)) {
    acknowledge("retried", (retry.json() as { id: string }).id, key);
  }
  check(first, { "order accepted": (r) => r.status === 201 });
  if (retry) check(retry, { "same-key retry answered": (r) => r.status === 200 || r.status === 201 });
  // What the client finally knows: the retry's answer when the first was unknown.
  const final = unknownOutcome && retry ? retry : first;
  if (final.status >= 400 && final.status < 500) {
    console.log(`refused ${key} ${final.status}`);
  } else if (final.status === 0 || final.status >= 500) {
    // A 5xx or no answer, even on the retry: the outcome is unknown to the client.
    console.log(`unknown ${key} ${final.status}`);
  }
}

/**
 * The acknowledgement log: every order a client was told exists, and under which key; `firebreak
 * verify --load` checks them all. A retry's answer is logged as `retried`.
 */
function acknowledge(kind: "ack" | "retried", id: string, key: string): void {
  if (!placed.includes(id)) placed.push(id);
  if (placed.length > 50) placed.shift();
  console.log(`${kind} ${id} ${key}`);
}

function readOrder(customer: { token: string }, id: string): void {
  const response = http.get(`${TARGET}/api/v1/orders/${id}`, {
    headers: headers(customer),
    tags: { op: "read_order", name: "GET /api/v1/orders/:id" },
  });
  check(response, { "order read": (r) => r.status === 200 });
}

function listOrders(customer: { customerId: string; token: string }): void {
  const response = http.get(`${TARGET}/api/v1/orders?customerId=${customer.customerId}&limit=10`, {
    headers: headers(customer),
    tags: { op: "list_orders", name: "GET /api/v1/orders" },
  });
  check(response, { "orders listed": (r) => r.status === 200 });
}

function queryAnalytics(): void {
  const view = ANALYTICS[Math.floor(Math.random() * ANALYTICS.length)];
  const response = http.get(`${TARGET}/api/v1/analytics/${view}`, {
    headers: headers(operator),
    tags: { op: "analytics", name: `GET /api/v1/analytics/${view}` },
  });
  check(response, { "analytics answered": (r) => r.status === 200 });
}

/** The mix: half placements, a quarter reads of own orders, 15% lists, 10% analytics. */
export default function (): void {
  // One customer per VU, so that the orders a VU reads back are its own customer's.
  const customer = customers[(exec.vu.idInTest - 1) % customers.length]!;
  const dice = Math.random();
  if (dice < 0.5 || placed.length === 0) placeOrder(customer);
  else if (dice < 0.75) readOrder(customer, placed[Math.floor(Math.random() * placed.length)]!);
  else if (dice < 0.9) listOrders(customer);
  else queryAnalytics();
}
