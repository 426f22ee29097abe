import { existsSync } from "node:fs";
import { goBinary } from "../native/env.js";
import { HOST, PORTS } from "../native/ports.js";

/** The k6 Firebreak builds; where it has not (a CI runner with the docker-compose stack), k6 on the PATH. */
export const k6Binary = () => {
  const built = goBinary("k6", "k6");
  return existsSync(built) ? built : "k6";
};

/** The file k6's built-in web dashboard exports its HTML report to, in a load run's folder. */
export const K6_REPORT = "k6-report.html";

/** Trend statistics k6 remote-writes as gauges (k6_http_req_duration_p50, …_p99, …_count). */
export const K6_TREND_STATS = "p(50),p(99),count";

/**
 * Arguments and environment that stream a k6 run's metrics into the stack's Prometheus by remote
 * write, tagged with a test id, so that they sit beside the service metrics on the dashboards.
 */
export function k6RemoteWrite(testId: string): { args: string[]; env: Record<string, string> } {
  return {
    args: ["--out", "experimental-prometheus-rw", "--tag", `testid=${testId}`],
    env: {
      K6_NO_USAGE_REPORT: "true",
      K6_PROMETHEUS_RW_SERVER_URL: `http://${HOST}:${PORTS.prometheus}/api/v1/write`,
      K6_PROMETHEUS_RW_TREND_STATS: K6_TREND_STATS,
      K6_PROMETHEUS_RW_PUSH_INTERVAL: "2s",
    },
  };
}
