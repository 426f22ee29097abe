import type { FirebreakDashboard } from "./model.js";
import { logs, SCOPE, stat, timeseries, firebreakDashboard, quantiles } from "./panels.js";

export const SERVICE_JOBS = ["gateway", "orders", "inventory", "payments", "analytics", "payment-provider"];

const HTTP = "http_server_request_duration_seconds";
const requests = (extra = "") => `sum by (job) (rate(${HTTP}_count{${SCOPE}${extra}}[$__rate_interval]))`;

/** Rate, errors and duration per service, then what the runtime is doing, then the services' warnings. */
export function serviceRed(): FirebreakDashboard {
  return firebreakDashboard({
    title: "Firebreak / Services (RED)",
    uid: "firebreak-service-red",
    tags: ["red"],
    jobs: SERVICE_JOBS,
  })
    .withPanel(
      timeseries({
        title: "Request rate",
        description: "HTTP requests per second each service answers (health and metrics endpoints included).",
        unit: "reqps",
        series: [{ expr: requests(), legend: "{{job}}" }],
      }),
    )
    .withPanel(
      timeseries({
        title: "Server error ratio",
        description: "Share of requests answered with a 5xx; 0 when every request succeeds.",
        unit: "percentunit",
        series: [
          {
            // `or … * 0` keeps a 0 line for a service without a single 5xx.
            expr: `(${requests(', http_response_status_code=~"5.."')} or ${requests()} * 0) / ${requests()}`,
            legend: "{{job}}",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Latency p50 and p99",
        description: "Server-side request duration. Click an exemplar dot to open the trace of that request.",
        unit: "s",
        series: quantiles(HTTP, "job, le"),
      }),
    )
    .withPanel(
      timeseries({
        title: "Event-loop lag p99",
        description: "How long callbacks wait for the Node.js event loop; above ~100 ms every request slows down.",
        unit: "s",
        series: [{ expr: `nodejs_eventloop_lag_p99_seconds{${SCOPE}}`, legend: "{{job}}" }],
      }),
    )
    .withPanel(
      timeseries({
        title: "CPU",
        description: "CPU seconds per second each service process uses (1 = one full core).",
        unit: "short",
        series: [{ expr: `rate(process_cpu_seconds_total{${SCOPE}}[$__rate_interval])`, legend: "{{job}}" }],
      }),
    )
    .withPanel(
      stat({
        title: "Resident memory",
        description: "Resident set size of each service process.",
        unit: "bytes",
        series: [{ expr: `process_resident_memory_bytes{${SCOPE}}`, legend: "{{job}}" }],
      }),
    )
    .withPanel(
      logs(
        "Service logs",
        "Every service's log lines, newest first. A line's trace_id opens its trace in Tempo.",
        '{service_namespace="firebreak", service_name=~"$job"}',
      ),
    );
}
