/**
 * Every metric name Firebreak's services emit, declared in one place. HTTP follows the OpenTelemetry
 * semantic conventions (http.server.request.duration, in seconds) in Prometheus form; custom
 * metrics carry the firebreak_ prefix.
 */
export const METRICS = {
  httpServerDuration: "http_server_request_duration_seconds",
  sagaDuration: "firebreak_saga_duration_seconds",
  cdcFreshness: "firebreak_cdc_freshness_seconds",
} as const;

export const HTTP_LABELS = ["http_request_method", "http_route", "http_response_status_code"] as const;

/** Seconds: the 0.3 s bucket is the order-placement latency SLO's threshold. */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];
/** Seconds: 5 s is the saga-completion SLO's threshold. */
export const SAGA_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 20, 60];
/** Seconds: 10 s is the analytics-freshness SLO's threshold. */
export const FRESHNESS_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];
