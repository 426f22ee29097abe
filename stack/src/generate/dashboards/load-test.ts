import type { FirebreakDashboard } from "./model.js";
import { firebreakDashboard, stat, timeseries } from "./panels.js";

/**
 * What k6 remote-writes while a load test runs (`firebreak load`), next to the service metrics.
 * Trend stats arrive as gauges per statistic (K6_PROMETHEUS_RW_TREND_STATS: p(50), p(99), count).
 */
export function loadTest(): FirebreakDashboard {
  return firebreakDashboard({
    title: "Firebreak / Load test (k6)",
    uid: "firebreak-load-test",
    tags: ["k6", "load"],
    jobs: ["gateway"],
    refresh: "5s",
    from: "now-30m",
  })
    .withPanel(
      timeseries({
        title: "Request rate by scenario",
        description: "Requests per second k6 sends, per scenario of the running profile.",
        unit: "reqps",
        series: [
          {
            expr: "sum by (testid, scenario) (rate(k6_http_reqs_total[$__rate_interval]))",
            legend: "{{testid}} {{scenario}}",
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Request duration p50 and p99 (client side)",
        description: "What k6 measured, network and queueing included; compare with the gateway's server-side latency.",
        unit: "s",
        series: [
          { expr: "max by (testid) (k6_http_req_duration_p50)", legend: "{{testid}} p50" },
          { expr: "max by (testid) (k6_http_req_duration_p99)", legend: "{{testid}} p99" },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: "Failed request ratio",
        description: "Share of requests k6 counted as failed (unexpected status or no answer).",
        unit: "percentunit",
        series: [{ expr: "max by (testid) (k6_http_req_failed_rate)", legend: "{{testid}}" }],
      }),
    )
    .withPanel(
      timeseries({
        title: "Virtual users and dropped iterations",
        description:
          "Active VUs, and iterations the arrival-rate executor could not start: any drop means the generator, not the system, limited the test.",
        unit: "short",
        series: [
          { expr: "sum by (testid) (k6_vus)", legend: "{{testid}} VUs" },
          {
            expr: "sum by (testid) (increase(k6_dropped_iterations_total[$__rate_interval])) or on() vector(0)",
            legend: "dropped",
          },
        ],
      }),
    )
    .withPanel(
      stat(
        {
          title: "Checks passing",
          description: "Share of k6 checks that passed in the last run.",
          unit: "percentunit",
          series: [{ expr: "max by (testid) (k6_checks_rate)", legend: "{{testid}}" }],
        },
        24,
      ),
    );
}
