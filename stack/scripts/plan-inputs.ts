/**
 * Measures the capacity plan's per-order volumes on the running native stack: Kafka records per
 * topic, bytes per record, WAL, ClickHouse bytes per event, spans and log records per order, and the
 * CPU the Collector, Tempo and Loki spend per span or record. Run it with every trace recorded, as
 * tail sampling at scale needs them:
 *
 *   FIREBREAK_TRACE_SAMPLE_RATIO=1 npx firebreak up --wait
 *   npx tsx stack/scripts/plan-inputs.ts [seconds, default 120]
 *
 * It measures 30 s of idle, runs the average load for that long, waits for the saga to drain, and
 * prints JSON.
 */
import { spawnSync } from "node:child_process";
import { serviceEnv } from "../src/native/service-env.js";
import { HOST, PORTS } from "../src/native/ports.js";
import { cpuSecondsByProcess } from "../src/native/process-cpu.js";
import { stackKafka } from "../src/clients/kafka.js";
import { createClient } from "@clickhouse/client";
import { OUTBOX_TOPICS } from "../src/bench/plan.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { isDrained, readBacklog } from "../src/verify/collect.js";
import { createPool, pollQuietly, sleep } from "@firebreak/platform";

const seconds = Number(process.argv[2] ?? "120");
const TOPICS = Object.values(OUTBOX_TOPICS);

/** Sums the series of a counter on a component's own /metrics page whose name and labels start with `series`. */
async function counter(port: number, series: string): Promise<number> {
  const text = await (await fetch(`http://${HOST}:${port}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith(series))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

async function snapshot(orders: ReturnType<typeof createPool>) {
  const admin = stackKafka("firebreak-plan").admin();
  await admin.connect();
  const offsets: Record<string, number> = {};
  for (const topic of TOPICS) {
    offsets[topic] = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  }
  await admin.disconnect();
  const { rows } = await orders.query<{ lsn: string; orders: string }>(
    "SELECT pg_current_wal_lsn()::text AS lsn, (SELECT count(*) FROM orders)::text AS orders",
  );
  return {
    offsets,
    lsn: rows[0]!.lsn,
    orders: Number(rows[0]!.orders),
    cpu: await cpuSecondsByProcess(),
    // What the broker takes in from its clients, every topic counted (Connect's offsets included).
    kafkaBytes: await counter(PORTS.kafkaMetrics, 'kafka_server_brokertopicmetrics_count{name="BytesInPerSec",topic='),
    spans: await counter(PORTS.otelcolMetrics, "otelcol_receiver_accepted_spans{"),
    logRecords: await counter(PORTS.otelcolMetrics, "otelcol_receiver_accepted_log_records{"),
    tempoSpans: await counter(PORTS.tempo, "tempo_distributor_spans_received_total{"),
    lokiLines: await counter(PORTS.loki, "loki_distributor_lines_received_total{"),
  };
}

const orders = createPool(serviceEnv("orders").DATABASE_URL!, 1);
// An idle window first: the marginal CPU per span or record is what the load adds above it.
const IDLE_SECONDS = 30;
const idleFrom = await cpuSecondsByProcess();
await sleep(IDLE_SECONDS * 1000);
const idleTo = await cpuSecondsByProcess();
const before = await snapshot(orders);
const loadStarted = Date.now();
const load = spawnSync("npx", ["firebreak", "load", "average", "--duration", `${seconds}s`], {
  cwd: REPO_ROOT,
  stdio: ["ignore", "ignore", "inherit"],
});
if (load.status !== 0) process.stderr.write(`load average exited ${load.status}; measuring anyway\n`);
await pollQuietly(async () => isDrained(await readBacklog()), { timeoutMs: 120_000, intervalMs: 2_000 });
// The Collector batches for up to a few seconds before it exports to Tempo and Loki.
await sleep(10_000);
const after = await snapshot(orders);
const loadSeconds = (Date.now() - loadStarted) / 1000;
const { rows: wal } = await orders.query<{ bytes: string }>("SELECT pg_wal_lsn_diff($1, $2)::text AS bytes", [
  after.lsn,
  before.lsn,
]);
await orders.end();

const placed = after.orders - before.orders;
const per = (value: number) => Number((value / placed).toFixed(2));
const idleRate = (name: string) => ((idleTo[name] ?? 0) - (idleFrom[name] ?? 0)) / IDLE_SECONDS;
const cpu = (name: string) => (after.cpu[name] ?? 0) - (before.cpu[name] ?? 0) - idleRate(name) * loadSeconds;
const micros = (name: string, units: number) => Math.round((cpu(name) / units) * 1e6);
// Every table of the analytics database (the per-minute rollups too) over the events it holds.
const clickhouse = createClient({ url: `http://${HOST}:${PORTS.clickhouseHttp}` });
const result = await clickhouse.query({
  query: `SELECT
      (SELECT sum(data_compressed_bytes) FROM system.parts WHERE active AND database = 'firebreak')
        / (SELECT count() FROM firebreak.events) AS stored`,
  format: "JSONEachRow",
});
const [bytes] = await result.json<{ stored: number }>();
await clickhouse.close();
const spans = after.spans - before.spans;
const lines = after.lokiLines - before.lokiLines;
process.stdout.write(
  `${JSON.stringify(
    {
      seconds,
      ordersPlaced: placed,
      recordsPerOrder: Object.fromEntries(TOPICS.map((t) => [t, per(after.offsets[t]! - before.offsets[t]!)])),
      kafkaBytesPerOrder: Math.round((after.kafkaBytes - before.kafkaBytes) / placed),
      walBytesPerOrder: Math.round(Number(wal[0]!.bytes) / placed),
      clickhouseBytesPerEvent: Number(Number(bytes?.stored ?? 0).toFixed(1)),
      spansPerOrder: per(spans),
      logLinesPerOrder: per(after.logRecords - before.logRecords),
      collectorMicrosPerSpan: micros("otelcol", spans),
      tempoMicrosPerSpan: micros("tempo", after.tempoSpans - before.tempoSpans),
      lokiMicrosPerLine: micros("loki", lines),
    },
    null,
    2,
  )}\n`,
);
