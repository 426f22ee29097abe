import type { FirebreakDashboard } from "./model.js";
import { SCOPE, timeseries, firebreakDashboard } from "./panels.js";

export const INFRA_JOBS = ["postgres", "kafka", "connect", "redis", "toxiproxy"];

const rate = (expr: string) => `rate(${expr}[$__rate_interval])`;

/**
 * PostgreSQL, Kafka, Connect (with Debezium) and Redis through their exporters. ClickHouse 18.16 has
 * no Prometheus endpoint and no exporter installable here; its health shows in the freshness panels.
 */
export function infrastructure(): FirebreakDashboard {
  return firebreakDashboard({
    title: "Firebreak / Infrastructure",
    uid: "firebreak-infrastructure",
    tags: ["infrastructure"],
    jobs: INFRA_JOBS,
    refresh: "30s",
  })
    .withPanel(
      timeseries({
        title: "PostgreSQL transactions",
        description: "Commits and rollbacks per second per service database.",
        unit: "ops",
        series: [
          {
            expr: `sum by (datname) (${rate(`pg_stat_database_xact_commit{${SCOPE}, datname=~"orders|inventory|payments"}`)})`,
            legend: "{{datname}} commits",
          },
          {
            expr: `sum by (datname) (${rate(`pg_stat_database_xact_rollback{${SCOPE}, datname=~"orders|inventory|payments"}`)})`,
            legend: "{{datname}} rollbacks",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Replication slot lag",
        description:
          "Bytes of WAL each outbox slot holds back because Debezium has not confirmed them. Growing = Connect is not reading; the disk fills.",
        unit: "bytes",
        series: [
          {
            expr: `max by (slot_name) (pg_replication_slots_pg_wal_lsn_diff{${SCOPE}})`,
            legend: "{{slot_name}}",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Kafka messages in",
        description: "Records the broker accepts per second, all topics.",
        unit: "ops",
        series: [
          {
            expr: `sum(${rate(`kafka_server_brokertopicmetrics_count{${SCOPE}, name="MessagesInPerSec", topic=""}`)})`,
            legend: "messages in",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Kafka in-sync replicas and controller",
        description:
          "Partitions each node leads with fewer in-sync replicas than replicas, and which node is the active " +
          "controller (1). In the ha profile's failover experiments the first rises and falls, the second moves.",
        unit: "short",
        series: [
          {
            expr: `max by (instance) (kafka_server_replicamanager_value{${SCOPE}, name="UnderReplicatedPartitions"})`,
            legend: "{{instance}} under-replicated",
          },
          {
            expr: `max by (instance) (kafka_controller_kafkacontroller_value{${SCOPE}, name="ActiveControllerCount"})`,
            legend: "{{instance}} active controller",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Connector tasks",
        description: "Running and failed tasks per Debezium connector. A failed task stops the outbox → Kafka flow.",
        unit: "short",
        series: [
          {
            expr: `sum by (connector) (kafka_connect_connect_worker_metrics_connector_running_task_count{${SCOPE}})`,
            legend: "{{connector}} running",
          },
          {
            expr: `sum by (connector) (kafka_connect_connect_worker_metrics_connector_failed_task_count{${SCOPE}})`,
            legend: "{{connector}} failed",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Debezium connected to PostgreSQL",
        description: "1 while each connector's streaming session to PostgreSQL is up.",
        unit: "short",
        series: [
          {
            expr: `max by (server) (debezium_postgres_connector_metrics_connected{${SCOPE}, context="streaming"})`,
            legend: "{{server}}",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Redis commands and clients",
        description: "Commands per second (rate limiter and order cache) and connected clients.",
        unit: "short",
        series: [
          { expr: `sum(${rate(`redis_commands_processed_total{${SCOPE}}`)})`, legend: "commands/s" },
          { expr: `sum(redis_connected_clients{${SCOPE}})`, legend: "clients" },
        ],
      }),
    );
}
