import { HOST, PORTS, PROXY_PORTS } from "../native/ports.js";
import { cachePaths, stackPaths } from "../native/paths.js";
import { collectStatus } from "../native/status.js";

interface Endpoint {
  name: string;
  url: string;
  note?: string;
}

const ENDPOINTS: Endpoint[] = [
  { name: "PostgreSQL", url: `postgresql://${HOST}:${PORTS.postgres}`, note: "databases orders, inventory, payments" },
  { name: "Redis", url: `redis://${HOST}:${PORTS.redis}` },
  {
    name: "Kafka",
    url: `${HOST}:${PORTS.kafka}`,
    note: `direct; each client through its own Toxiproxy proxy, e.g. orders at ${HOST}:${PROXY_PORTS.ordersToKafka}`,
  },
  { name: "Kafka Connect", url: `http://${HOST}:${PORTS.connect}/connectors` },
  { name: "ClickHouse", url: `http://${HOST}:${PORTS.clickhouseHttp}`, note: `native ${PORTS.clickhouseNative}` },
  { name: "Prometheus", url: `http://${HOST}:${PORTS.prometheus}` },
  { name: "Alertmanager", url: `http://${HOST}:${PORTS.alertmanager}` },
  {
    name: "OTel Collector",
    url: `http://${HOST}:${PORTS.otelcolHttp}`,
    note: `OTLP http; grpc ${HOST}:${PORTS.otelcolGrpc}`,
  },
  { name: "Tempo", url: `http://${HOST}:${PORTS.tempo}` },
  { name: "Perses", url: `http://${HOST}:${PORTS.perses}`, note: "dashboards; npx firebreak open [dashboard]" },
  { name: "Loki", url: `http://${HOST}:${PORTS.loki}` },
  { name: "Toxiproxy", url: `http://${HOST}:${PORTS.toxiproxy}` },
  {
    name: "gateway",
    url: `http://${HOST}:${PORTS.gateway}/api/v1`,
    note: "npx firebreak token --curl prints a ready request",
  },
  { name: "orders", url: `http://${HOST}:${PORTS.orders}/api/v1/orders` },
  { name: "inventory", url: `http://${HOST}:${PORTS.inventory}/api/v1/products` },
  { name: "payments", url: `http://${HOST}:${PORTS.payments}/api/v1/payments/{orderId}` },
  { name: "analytics", url: `http://${HOST}:${PORTS.analytics}/api/v1/analytics/saga-outcomes` },
  { name: "PSP simulator", url: `http://${HOST}:${PORTS.paymentProvider}` },
];

/** firebreak where [--json]. */
export async function where(json: boolean): Promise<number> {
  const { running, components } = await collectStatus();
  const ready = new Set(components.filter((c) => c.readiness === "ready").map((c) => c.component));
  if (json) {
    const report = {
      running,
      endpoints: Object.fromEntries(ENDPOINTS.map(({ name, url }) => [name, url])),
      ready: [...ready],
      logs: stackPaths().logs,
      cache: cachePaths().cache,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const lines = [
    running
      ? "Firebreak's native stack is running:"
      : "Firebreak's native stack is not running (npm start brings it up).",
    "",
    ...ENDPOINTS.map(({ name, url, note }) => `  ${name.padEnd(15)} ${url}${note ? ` (${note})` : ""}`),
    "",
    `  Ready:   ${[...ready].join(", ") || "nothing"}`,
    `  Logs:    ${stackPaths().logs}  (npx firebreak logs <component>)`,
    `  State:   npx firebreak status`,
    `  Stop:    npx firebreak down   (add --volumes to wipe the data)`,
    `  Cache:   ${cachePaths().cache}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
