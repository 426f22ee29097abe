/**
 * The saga at a modest steady rate, through the gateway of a running full stack. Prints JSON; asserts nothing.
 *
 *   npm run bench:saga -- [rate per second, default 20] [duration in seconds, default 60]
 *
 * POST→CONFIRMED is measured in the orders database (order committed → confirmation committed);
 * commit→ClickHouse from each event's commit timestamp to its first insert into ClickHouse.
 */
import { sleep } from "@firebreak/platform";
import { randomUUID } from "node:crypto";
import { createClient } from "@clickhouse/client";
import { HOST, PORTS } from "../src/native/ports.js";
import { devToken } from "../src/credentials/dev-token.js";
import { queryService as query } from "../src/native/service-env.js";
import { runVerify } from "../src/verify/run.js";

const [rate, seconds] = [Number(process.argv[2] ?? 20), Number(process.argv[3] ?? 60)];
if (!(rate > 0 && rate <= 1_000) || !(seconds > 0 && seconds <= 3_600)) {
  process.stderr.write(
    `bench:saga: rate must be 1-1000 and duration 1-3600, got '${process.argv[2]}' '${process.argv[3]}'\n`,
  );
  process.exit(2);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const summary = (values: number[]) => ({
  count: values.length,
  p50: percentile(values, 50),
  p99: percentile(values, 99),
});

const ready = await fetch(`http://${HOST}:${PORTS.gateway}/readyz`).catch(() => undefined);
if (ready?.status !== 200) {
  process.stderr.write("bench:saga: the gateway is not ready; start the full stack first (npm start)\n");
  process.exit(1);
}

const token = await devToken("customer-0999");
const ids: string[] = [];
const httpMs: number[] = [];
let failures = 0;
const inFlight: Promise<void>[] = [];
const started = Date.now();
for (let i = 0; i < rate * seconds; i++) {
  const due = started + (i * 1000) / rate;
  await sleep(Math.max(0, due - Date.now()));
  const sent = Date.now();
  inFlight.push(
    fetch(`http://${HOST}:${PORTS.gateway}/api/v1/orders`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ customerId: "customer-0999", items: [{ productId: "sku-filter", quantity: 1 }] }),
    }).then(
      async (response) => {
        httpMs.push(Date.now() - sent);
        if (response.status === 201) ids.push(((await response.json()) as { id: string }).id);
        else failures += 1;
      },
      () => {
        failures += 1;
      },
    ),
  );
}
await Promise.all(inFlight);
const verdict = await runVerify(180_000);

const sagas = await query<{ status: string; ms: number }>(
  "orders",
  "SELECT status, extract(epoch FROM completed_at - created_at) * 1000 AS ms FROM orders WHERE id = ANY($1)",
  [ids],
);
const clickhouse = createClient({ url: `http://${HOST}:${PORTS.clickhouseHttp}` });
const idList = ids.map((id) => `'${id}'`).join(",") || "''";
const lags = await (
  await clickhouse.query({
    query: `SELECT min(ingested_ms) - any(occurred_ms) AS lag FROM firebreak.events
             WHERE aggregate_id IN (${idList}) GROUP BY event_id`,
    format: "JSONEachRow",
  })
).json<{ lag: string }>();
await clickhouse.close();

const report = {
  benchmark: "order saga at a steady arrival rate through the gateway",
  ratePerSecond: rate,
  durationSeconds: seconds,
  placed: ids.length,
  refused: failures,
  outcomes: Object.fromEntries(
    ["CONFIRMED", "CANCELLED", "PENDING"].map((s) => [s, sagas.filter((r) => r.status === s).length]),
  ),
  httpPostMs: summary(httpMs),
  postToTerminalMs: summary(sagas.filter((r) => r.status !== "PENDING").map((r) => Number(r.ms))),
  commitToClickhouseMs: summary(lags.map((r) => Number(r.lag))),
  verify: verdict.counts,
};
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
