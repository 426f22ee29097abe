import { HOST, PORTS, PROXY_PORTS } from "../native/ports.js";
import { cachePaths, stackPaths } from "../native/paths.js";
import { collectStatus } from "../native/status.js";

const ENDPOINTS: [string, string][] = [
  ["PostgreSQL", `postgresql://${HOST}:${PORTS.postgres} (databases orders, inventory, payments)`],
  ["Redis", `redis://${HOST}:${PORTS.redis}`],
  [
    "Kafka",
    `${HOST}:${PORTS.kafka} (direct); each client through its own Toxiproxy proxy, e.g. orders at ${HOST}:${PROXY_PORTS.ordersToKafka}`,
  ],
  ["Kafka Connect", `http://${HOST}:${PORTS.connect}/connectors`],
  ["ClickHouse", `http://${HOST}:${PORTS.clickhouseHttp} (native ${PORTS.clickhouseNative})`],
  ["Prometheus", `http://${HOST}:${PORTS.prometheus}`],
  ["Alertmanager", `http://${HOST}:${PORTS.alertmanager}`],
  ["OTel Collector", `OTLP grpc ${HOST}:${PORTS.otelcolGrpc}, http http://${HOST}:${PORTS.otelcolHttp}`],
  ["Tempo", `http://${HOST}:${PORTS.tempo}`],
  ["Perses", `http://${HOST}:${PORTS.perses} (dashboards; npx firebreak open [dashboard])`],
  ["Loki", `http://${HOST}:${PORTS.loki}`],
  ["Toxiproxy", `http://${HOST}:${PORTS.toxiproxy}`],
  ["gateway", `http://${HOST}:${PORTS.gateway}/api/v1 (npx firebreak token prints a bearer token)`],
  ["orders", `http://${HOST}:${PORTS.orders}/api/v1/orders`],
  ["inventory", `http://${HOST}:${PORTS.inventory}/api/v1/products`],
  ["payments", `http://${HOST}:${PORTS.payments}/api/v1/payments/{orderId}`],
  ["analytics", `http://${HOST}:${PORTS.analytics}/api/v1/analytics/saga-outcomes`],
  ["PSP simulator", `http://${HOST}:${PORTS.paymentProvider}`],
];

export async function where(): Promise<number> {
  const { running, components } = await collectStatus();
  const ready = new Set(components.filter((c) => c.readiness === "ready").map((c) => c.component));
  const lines = [
    running
      ? "Firebreak's native stack is running:"
      : "Firebreak's native stack is not running (npm start brings it up).",
    "",
    ...ENDPOINTS.map(([name, url]) => `  ${name.padEnd(15)} ${url}`),
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
