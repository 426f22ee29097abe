import type { PortName, ProxyPortName } from "../native/ports.js";
import { HOSTS, PORTS, PROXY_PORTS } from "../native/ports.js";
import { UsageError } from "../util/usage.js";

type HostName = (typeof HOSTS)[number];

/**
 * Every network link of the system under test, each through its own Toxiproxy proxy. `from` is
 * the supervisor process whose connections use the link, so "cut X off the network" is every
 * link whose `from` or `to` is X.
 */
export interface Link {
  name: ProxyPortName;
  from: string;
  to: string;
  upstream: { host: HostName; port: PortName };
}

export const LINKS: readonly Link[] = [
  { name: "ordersToPostgres", from: "orders", to: "postgres", upstream: { host: "postgres", port: "postgres" } },
  { name: "inventoryToPostgres", from: "inventory", to: "postgres", upstream: { host: "postgres", port: "postgres" } },
  { name: "paymentsToPostgres", from: "payments", to: "postgres", upstream: { host: "postgres", port: "postgres" } },
  { name: "connectToPostgres", from: "connect", to: "postgres", upstream: { host: "postgres", port: "postgres" } },
  { name: "gatewayToRedis", from: "gateway", to: "redis", upstream: { host: "redis", port: "redis" } },
  { name: "ordersToRedis", from: "orders", to: "redis", upstream: { host: "redis", port: "redis" } },
  { name: "ordersToKafka", from: "orders", to: "kafka", upstream: { host: "kafka", port: "kafkaForOrders" } },
  { name: "inventoryToKafka", from: "inventory", to: "kafka", upstream: { host: "kafka", port: "kafkaForInventory" } },
  { name: "paymentsToKafka", from: "payments", to: "kafka", upstream: { host: "kafka", port: "kafkaForPayments" } },
  { name: "analyticsToKafka", from: "analytics", to: "kafka", upstream: { host: "kafka", port: "kafkaForAnalytics" } },
  { name: "connectToKafka", from: "connect", to: "kafka", upstream: { host: "kafka", port: "kafkaForConnect" } },
  {
    name: "analyticsToClickhouse",
    from: "analytics",
    to: "clickhouse",
    upstream: { host: "clickhouse", port: "clickhouseHttp" },
  },
  {
    name: "paymentsToPaymentProvider",
    from: "payments",
    to: "payment-provider",
    upstream: { host: "paymentProvider", port: "paymentProvider" },
  },
  { name: "gatewayToOrders", from: "gateway", to: "orders", upstream: { host: "orders", port: "orders" } },
  { name: "gatewayToInventory", from: "gateway", to: "inventory", upstream: { host: "inventory", port: "inventory" } },
  { name: "gatewayToPayments", from: "gateway", to: "payments", upstream: { host: "payments", port: "payments" } },
  { name: "gatewayToAnalytics", from: "gateway", to: "analytics", upstream: { host: "analytics", port: "analytics" } },
];

/** Toxiproxy's proxy name of a link: snake case, as its own docs name proxies. */
export const proxyName = (link: ProxyPortName) => link.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function linkNamed(name: string): Link | undefined {
  return LINKS.find((link) => link.name === name);
}

/**
 * FIREBREAK_PROXIES=bypass points every client at the component itself instead of its Toxiproxy
 * proxy, to measure what the proxies cost. The default stack keeps them: chaos needs them.
 */
export function proxies(): "on" | "bypass" {
  const value = process.env.FIREBREAK_PROXIES ?? "on";
  if (value !== "on" && value !== "bypass") {
    throw new UsageError(`FIREBREAK_PROXIES must be 'on' or 'bypass', not '${value}'`);
  }
  return value;
}

/**
 * The port a link's client connects to: its Toxiproxy proxy, or with the proxies bypassed
 * (FIREBREAK_PROXIES=bypass, to measure what they cost) the component's own port.
 */
export function linkPort(name: ProxyPortName, proxies: "on" | "bypass"): number {
  if (proxies === "on") return PROXY_PORTS[name];
  return PORTS[LINKS.find((link) => link.name === name)!.upstream.port];
}

/** The links a process is cut off by: its own connections and every connection to it. */
export const linksOf = (process: string) => LINKS.filter((link) => link.from === process || link.to === process);

/**
 * A link of the ha profile's Kafka cluster (stack/src/native/kafka-cluster.ts): generated per node,
 * so it is named by its Toxiproxy proxy and carries its ports, resolved.
 */
export interface ClusterLink {
  name: string;
  from: string;
  to: string;
  listen: number;
  upstream: number;
}

export interface ToxiproxyProxyConfig {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** The proxies Toxiproxy creates at start-up (its -config file), with addresses resolved by the caller. */
export function toxiproxyConfig(
  listen: (link: Link) => string,
  upstream: (link: Link) => string,
): ToxiproxyProxyConfig[] {
  return LINKS.map((link) => ({
    name: proxyName(link.name),
    listen: listen(link),
    upstream: upstream(link),
    enabled: true,
  }));
}
