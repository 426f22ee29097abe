/**
 * The throughput cost of instrumentation on the order-placement path: the full stack is started
 * twice, with the OpenTelemetry SDK off and on, and each time a closed loop of clients places
 * orders through the gateway as fast as the stack answers. Prints JSON; asserts nothing.
 *
 *   npm run bench:tracing -- [seconds per mode, default 30] [concurrent clients, default 16] [off,sampled,on]
 *
 * Load generator and stack share the machine, so the figures are for this machine only.
 */
import { randomUUID } from "node:crypto";
import { HOST, PORTS } from "../src/native/ports.js";
import { devToken } from "../src/credentials/dev-token.js";
import { restartStack } from "../src/bench/restart.js";
import { cpuSecondsByProcess, cpuShare } from "../src/native/process-cpu.js";

const [seconds, clients] = [Number(process.argv[2] ?? 30), Number(process.argv[3] ?? 16)];
if (!(seconds >= 5 && seconds <= 600) || !(clients >= 1 && clients <= 256)) {
  process.stderr.write(
    `bench:tracing: seconds must be 5-600 and clients 1-256, got '${process.argv[2]}' '${process.argv[3]}'\n`,
  );
  process.exit(2);
}
const WARM_UP_MS = 5_000;
const CUSTOMERS = 200;

/** off: SDK disabled; on: every trace recorded; sampled: 10% of new traces recorded (parent-based). */
const MODES = {
  off: { FIREBREAK_TRACING: "off", FIREBREAK_TRACE_SAMPLE_RATIO: "1" },
  on: { FIREBREAK_TRACING: "on", FIREBREAK_TRACE_SAMPLE_RATIO: "1" },
  sampled: { FIREBREAK_TRACING: "on", FIREBREAK_TRACE_SAMPLE_RATIO: "0.1" },
} as const;
type Mode = keyof typeof MODES;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function placeUntil(
  deadline: number,
  tokens: string[],
  latencies: number[] | undefined,
  counts: { ok: number; failed: number },
) {
  for (let i = 0; Date.now() < deadline; i++) {
    const customer = Math.floor(Math.random() * CUSTOMERS);
    const sent = performance.now();
    const response = await fetch(`http://${HOST}:${PORTS.gateway}/api/v1/orders`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${tokens[customer]}`,
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({
        customerId: `customer-${String(customer + 1).padStart(4, "0")}`,
        items: [{ productId: "sku-filter", quantity: 1 }],
      }),
    }).catch(() => undefined);
    await response?.arrayBuffer();
    if (!latencies) continue;
    latencies.push(performance.now() - sent);
    if (response?.status === 201) counts.ok += 1;
    else counts.failed += 1;
  }
}

async function measure(tracing: Mode) {
  restartStack(MODES[tracing]);
  const tokens = await Promise.all(
    Array.from({ length: CUSTOMERS }, (_, i) => devToken(`customer-${String(i + 1).padStart(4, "0")}`)),
  );
  const warmUpEnd = Date.now() + WARM_UP_MS;
  await Promise.all(
    Array.from({ length: clients }, () => placeUntil(warmUpEnd, tokens, undefined, { ok: 0, failed: 0 })),
  );
  const latencies: number[] = [];
  const counts = { ok: 0, failed: 0 };
  const cpuBefore = await cpuSecondsByProcess();
  const generatorBefore = process.cpuUsage();
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, () => placeUntil(started + seconds * 1000, tokens, latencies, counts)),
  );
  const elapsed = (Date.now() - started) / 1000;
  const coresByProcess = cpuShare(cpuBefore, await cpuSecondsByProcess(), elapsed);
  const generator = process.cpuUsage(generatorBefore);
  const generatorCores = Math.round(((generator.user + generator.system) / 1e6 / elapsed) * 100) / 100;
  latencies.sort((a, b) => a - b);
  return {
    tracing,
    ordersPerSecond: Math.round((counts.ok / elapsed) * 10) / 10,
    failed: counts.failed,
    p50Ms: Math.round(percentile(latencies, 0.5)!),
    p99Ms: Math.round(percentile(latencies, 0.99)!),
    coresByProcess,
    generatorCores,
  };
}

const modes = (process.argv[4] ?? "off,sampled,on").split(",");
if (!modes.every((mode) => mode in MODES)) {
  process.stderr.write(
    `bench:tracing: modes must be a comma-separated list of off, sampled and on, got '${process.argv[4]}'\n`,
  );
  process.exit(2);
}
const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
// The last mode measured is the one the stack is left running with; "on" last leaves it as `npm start` would.
for (const mode of modes as Mode[]) results[mode] = await measure(mode);
const cost = (mode: Mode) =>
  results[mode] && results.off
    ? Math.round((1 - results[mode].ordersPerSecond / results.off.ordersPerSecond) * 1000) / 10
    : undefined;
const throughputCostPercent = { on: cost("on"), sampled: cost("sampled") };
process.stdout.write(`${JSON.stringify({ seconds, clients, ...results, throughputCostPercent }, null, 2)}\n`);
