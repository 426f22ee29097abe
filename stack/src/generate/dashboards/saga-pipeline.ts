import type { FirebreakDashboard } from "./model.js";
import { SCOPE, timeseries, traces, firebreakDashboard, quantiles } from "./panels.js";
import { SERVICE_JOBS } from "./service-red.js";

const rate = (metric: string, by: string, extra = "") =>
  `sum by (${by}) (rate(${metric}{${SCOPE}${extra}}[$__rate_interval]))`;

/** The order saga end to end: outbox → Debezium → Kafka → consumers and ClickHouse, with what goes wrong on the way. */
export function sagaPipeline(): FirebreakDashboard {
  return firebreakDashboard({
    title: "Firebreak / Saga and CDC pipeline",
    uid: "firebreak-saga-pipeline",
    tags: ["saga", "cdc"],
    jobs: SERVICE_JOBS,
  })
    .withPanel(
      timeseries({
        title: "Outbox writes",
        description: "Events committed to each service's outbox per second, by event type.",
        unit: "ops",
        series: [
          { expr: rate("firebreak_outbox_events_total", "firebreak_event_type"), legend: "{{firebreak_event_type}}" },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Events consumed",
        description: "Events each consumer group took from Kafka, by outcome (duplicate = already in the inbox).",
        unit: "ops",
        series: [
          {
            expr: rate("firebreak_events_consumed_total", "messaging_consumer_group_name, firebreak_outcome"),
            legend: "{{messaging_consumer_group_name}} {{firebreak_outcome}}",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Consumer lag",
        description:
          "Messages not yet committed per consumer group and topic (high watermark − committed offset, refreshed every 5 s). Growing lag = a consumer falling behind.",
        unit: "short",
        series: [
          {
            expr: `sum by (messaging_consumer_group_name, messaging_destination_name) (firebreak_consumer_lag_messages{${SCOPE}})`,
            legend: "{{messaging_consumer_group_name}} ← {{messaging_destination_name}}",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Dead-lettered events",
        description: "Events sent to a <group>.dlq topic per second; each one needs a human (0 when none).",
        unit: "ops",
        series: [
          {
            expr: `${rate("firebreak_events_dead_lettered_total", "messaging_consumer_group_name")} or on() vector(0)`,
            legend: "{{messaging_consumer_group_name}}",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Saga duration p50 and p99",
        description:
          "Order placement to CONFIRMED or CANCELLED. The saga SLO wants 99% within 5 s. Exemplars open the order's trace.",
        unit: "s",
        series: quantiles("firebreak_saga_duration_seconds"),
      }),
    )
    .withPanel(
      timeseries({
        title: "Saga outcomes",
        description:
          "Orders completing per second, by final status, and orders reaching their 5 s deadline undecided: those count against the saga SLO at that moment, while a stall lasts, not when they finish.",
        unit: "ops",
        series: [
          {
            expr: rate("firebreak_saga_duration_seconds_count", "firebreak_order_status"),
            legend: "{{firebreak_order_status}}",
          },
          {
            expr: `sum(rate(firebreak_saga_overdue_total{${SCOPE}}[$__rate_interval]))`,
            legend: "past the deadline undecided",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Commit → ClickHouse freshness p50 and p99",
        description:
          "Seconds from an event's commit in PostgreSQL to its insert into ClickHouse. The SLO wants 99% under 10 s.",
        unit: "s",
        series: quantiles("firebreak_cdc_freshness_seconds"),
      }),
    )
    .withPanel(
      timeseries({
        title: "Events landing in ClickHouse",
        description:
          "Events landing per second within the 10 s freshness deadline, and events passing it unlanded: those count against the freshness SLO at that moment, while an outage lasts, not when they land.",
        unit: "ops",
        series: [
          {
            expr: `sum(rate(firebreak_cdc_freshness_seconds_bucket{${SCOPE}, le="10"}[$__rate_interval]))`,
            legend: "within 10 s",
          },
          {
            expr: `sum(rate(firebreak_cdc_overdue_total{${SCOPE}}[$__rate_interval]))`,
            legend: "past the deadline unlanded",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Payment-provider circuit breaker",
        description:
          "0 closed, 1 half-open, 2 open. While open, payments are declined as provider_unavailable at once.",
        unit: "short",
        series: [
          {
            expr: `max by (firebreak_breaker) (firebreak_circuit_breaker_state{${SCOPE}})`,
            legend: "{{firebreak_breaker}}",
          },
        ],
      }),
    )
    .withPanel(
      traces(
        "Order placement traces",
        "Recent order placements through the gateway, each a link to its whole saga trace. Sort by duration for the slowest.",
        '{ resource.service.name = "gateway" && name = "POST /api/v1/orders" }',
      ),
    );
}
