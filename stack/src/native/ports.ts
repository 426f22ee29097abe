/**
 * Every port of the native stack, in one place. Direct ports are where a component listens;
 * proxy ports are reserved for Toxiproxy, one per network link, so that a fault on one link
 * leaves the others alone. Clients read addresses from configuration, so routing a link
 * through its proxy is a change of address, not of code.
 */
export const PORTS = {
  postgres: 15432,
  redis: 16379,
  kafka: 19092,
  kafkaController: 19093,
  /**
   * One Kafka listener per client that Toxiproxy fronts, each advertised at that client's proxy
   * port (PROXY_PORTS.<client>ToKafka), so that a fault on one client's link spares the others.
   */
  kafkaForOrders: 19094,
  kafkaForConnect: 19095,
  kafkaForInventory: 19110,
  kafkaForPayments: 19111,
  kafkaForAnalytics: 19112,
  connect: 18083,
  clickhouseHttp: 18123,
  clickhouseNative: 19000,
  clickhouseInterserver: 19009,
  prometheus: 19090,
  alertmanager: 19096,
  otelcolGrpc: 14317,
  otelcolHttp: 14318,
  otelcolHealth: 13133,
  otelcolMetrics: 18888,
  loki: 13100,
  lokiGrpc: 19097,
  lokiMemberlist: 17946,
  tempo: 13200,
  tempoGrpc: 19098,
  tempoOtlpGrpc: 24317,
  tempoOtlpHttp: 24318,
  tempoMemberlist: 17947,
  toxiproxy: 18474,
  gateway: 18080,
  /** The gateway's metrics (and health) for Prometheus; never published, unlike the gateway's own port. */
  gatewayAdmin: 18088,
  orders: 18081,
  inventory: 18082,
  payments: 18084,
  analytics: 18085,
  paymentProvider: 18086,
  kafkaMetrics: 19404,
  connectMetrics: 19405,
  postgresExporter: 19187,
  redisExporter: 19121,
  /** The blackbox exporter, whose probes Prometheus scrapes as the outside-in view of the public API. */
  blackboxExporter: 19115,
  /** Where Firebreak records the alerts Alertmanager sends to its webhook receiver. */
  alertRecorder: 18087,
  /** Perses, the native stack's dashboards. */
  perses: 18090,
} as const;

export const PROXY_PORTS = {
  ordersToPostgres: 20001,
  inventoryToPostgres: 20002,
  paymentsToPostgres: 20003,
  connectToPostgres: 20004,
  gatewayToRedis: 20010,
  ordersToRedis: 20011,
  ordersToKafka: 20020,
  connectToKafka: 20021,
  inventoryToKafka: 20022,
  paymentsToKafka: 20023,
  analyticsToKafka: 20024,
  analyticsToClickhouse: 20030,
  paymentsToPaymentProvider: 20040,
  gatewayToOrders: 20050,
  gatewayToInventory: 20051,
  gatewayToPayments: 20052,
  gatewayToAnalytics: 20053,
} as const;

/**
 * The ha profile's Kafka cluster of three nodes. Node 1 is the single node (its ports are above);
 * nodes 2 and 3 listen at these offsets from their base. Every node, node 1 too, also listens once
 * per node that replicates from it (brokerN, the listener node N fetches through) and once per node
 * that reaches its controller (controllerN), so that each direction between two nodes has a proxy
 * of its own and a node can be partitioned from its peers.
 */
export const KAFKA_NODE_PORTS = {
  bases: { 1: 21100, 2: 21200, 3: 21300 },
  offsets: {
    plaintext: 0,
    controller: 1,
    forOrders: 2,
    forInventory: 3,
    forPayments: 4,
    forAnalytics: 5,
    forConnect: 6,
    metrics: 7,
    broker1: 11,
    broker2: 12,
    broker3: 13,
    controller1: 21,
    controller2: 22,
    controller3: 23,
  },
} as const;

/**
 * The ha cluster's proxy ports: each client's link to nodes 2 and 3 (clients + 100 × node + the
 * client's index), and both directions between two nodes, for replication (replication + 10 × from
 * + to) and for the controller quorum (controller + 10 × from + to).
 */
export const KAFKA_NODE_PROXY_PORTS = { clients: 22000, replication: 22400, controller: 22500 } as const;

export type PortName = keyof typeof PORTS;
export type ProxyPortName = keyof typeof PROXY_PORTS;

export const HOST = "127.0.0.1";

/**
 * Hosts that configs point at. Natively each is the loopback address; in docker-compose.yml each
 * is the compose service of the same name, in kebab case (alertRecorder is alert-recorder).
 */
export const HOSTS = [
  "postgres",
  "redis",
  "kafka",
  "connect",
  "clickhouse",
  "prometheus",
  "alertmanager",
  "otelcol",
  "loki",
  "tempo",
  "toxiproxy",
  "alertRecorder",
  "gateway",
  "orders",
  "inventory",
  "payments",
  "analytics",
  "paymentProvider",
  "postgresExporter",
  "redisExporter",
  "blackboxExporter",
] as const;
