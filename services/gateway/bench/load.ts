/** The child of hot-path.ts: an upstream that answers like a service, and the closed loop of clients. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";

export interface LoadRequest {
  gateway: string;
  tokens: string[];
  scenario: "get" | "post";
  count: number;
  clients: number;
  deadlineMs: number;
}

export interface LoadReport {
  completed: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
}

const ORDER = JSON.stringify({
  customerId: "customer-0001",
  items: [
    { productId: "sku-espresso", quantity: 2 },
    { productId: "sku-filter", quantity: 1 },
  ],
});
const PRODUCT = JSON.stringify({ id: "sku-espresso", name: "Espresso beans, 1 kg", priceCents: 2_490, stock: 120 });

const upstream = createServer((req, res) => {
  req.resume().on("end", () => {
    const created = req.method === "POST";
    res.writeHead(created ? 201 : 200, { "content-type": "application/json" }).end(created ? ORDER : PRODUCT);
  });
}).listen(0, "127.0.0.1", () => process.send!(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`));

async function run({ gateway, tokens, scenario, count, clients, deadlineMs }: LoadRequest): Promise<LoadReport> {
  const pool = new Pool(gateway, { connections: clients });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let issued = 0;
  const started = performance.now();
  const client = async () => {
    while (issued < count && Date.now() < deadlineMs) {
      const authorization = `Bearer ${tokens[issued++ % tokens.length]}`;
      const sent = performance.now();
      const { statusCode, body } = await pool.request(
        scenario === "get"
          ? { method: "GET", path: "/api/v1/products/sku-espresso", headers: { authorization } }
          : {
              method: "POST",
              path: "/api/v1/orders",
              headers: { authorization, "content-type": "application/json", "idempotency-key": `k-${issued}` },
              body: ORDER,
            },
      );
      await body.dump();
      latencies.push(performance.now() - sent);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => Number(latencies[Math.floor(p * (latencies.length - 1))]!.toFixed(2));
  return {
    completed: latencies.length,
    seconds: Number(seconds.toFixed(2)),
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    statuses,
  };
}

process.on("message", (request: LoadRequest) => void run(request).then((report) => process.send!(report)));
process.on("disconnect", () => process.exit(0));
