/**
 * Every metric name Firebreak's services emit, declared in one place. HTTP follows the OpenTelemetry
 * semantic conventions (http.server.request.duration, in seconds) in Prometheus form; custom
 * metrics carry the firebreak_ prefix.
 */
export const METRICS = {
  httpServerDuration: "http_server_request_duration_seconds",
  sagaDuration: "firebreak_saga_duration_seconds",
  sagaOverdue: "firebreak_saga_overdue_total",
  cdcFreshness: "firebreak_cdc_freshness_seconds",
  cdcOverdue: "firebreak_cdc_overdue_total",
  outboxEvents: "firebreak_outbox_events_total",
  eventsConsumed: "firebreak_events_consumed_total",
  eventsDeadLettered: "firebreak_events_dead_lettered_total",
  consumerLag: "firebreak_consumer_lag_messages",
  circuitBreakerState: "firebreak_circuit_breaker_state",
  paymentVoids: "firebreak_payment_voids_total",
} as const;

/** Label names: OpenTelemetry attribute names with dots as underscores; firebreak_ ones are custom. */
export const LABELS = {
  httpRequestMethod: "http_request_method",
  httpRoute: "http_route",
  httpResponseStatusCode: "http_response_status_code",
  consumerGroup: "messaging_consumer_group_name",
  destination: "messaging_destination_name",
  partition: "messaging_destination_partition_id",
  aggregateType: "firebreak_aggregate_type",
  eventType: "firebreak_event_type",
  outcome: "firebreak_outcome",
  orderStatus: "firebreak_order_status",
  breaker: "firebreak_breaker",
} as const;

export const HTTP_LABELS = [LABELS.httpRequestMethod, LABELS.httpRoute, LABELS.httpResponseStatusCode] as const;

/** Seconds: the 0.3 s bucket is the order-placement latency SLO's threshold. */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];
/** Seconds: 5 s is the saga-completion SLO's threshold. */
export const SAGA_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 20, 60];
/** Seconds: 10 s is the analytics-freshness SLO's threshold; 0.75 tells how far below the 1 s goal a p99 is. */
export const FRESHNESS_BUCKETS = [0.1, 0.25, 0.5, 0.75, 1, 2, 5, 10, 30, 60, 300];
