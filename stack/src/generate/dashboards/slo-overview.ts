import type { FirebreakDashboard } from "./model.js";
import { BURN_ALERTS } from "../../slo/rules.js";
import { stat, timeseries, firebreakDashboard } from "./panels.js";

/** The burn-rate factor at which a window pair alerts, drawn as a line on its panel. */
const factor = (severity: keyof typeof BURN_ALERTS, long: string) =>
  BURN_ALERTS[severity].pairs.find((pair) => pair[1] === long)![2];

/** Burn rate over a window: the window's error ratio over the SLO's error budget (1 - target). */
const burn = (window: string) => `slo:sli_error:ratio_rate${window} / on(slo) group_left() slo:error_budget:ratio`;

export function sloOverview(): FirebreakDashboard {
  return firebreakDashboard({
    title: "Firebreak / SLO overview",
    uid: "firebreak-slo-overview",
    tags: ["slo"],
    jobs: ["prometheus"],
    refresh: "30s",
    from: "now-6h",
  })
    .withPanel(
      stat(
        {
          title: "Error budget remaining",
          description:
            "Share of each SLO's 30-day error budget not yet spent: green, orange under 25%, red below 0, where the objective is missed.",
          unit: "percentunit",
          series: [{ expr: "slo:error_budget_remaining:ratio", legend: "{{slo}}" }],
          valueColors: {
            below: "red",
            steps: [
              { value: 0, color: "orange" },
              { value: 0.25, color: "green" },
            ],
          },
        },
        24,
      ),
    )
    .withPanel(
      timeseries({
        title: "Burn rate, page windows (1h and 5m)",
        description:
          "How fast the budget burns: 1 spends it in exactly 30 days. A page fires at 14.4× on both windows.",
        unit: "short",
        series: [
          { expr: burn("1h"), legend: "{{slo}} 1h" },
          { expr: burn("5m"), legend: "{{slo}} 5m" },
        ],
        thresholds: [{ value: factor("page", "1h"), label: "page" }],
      }),
    )
    .withPanel(
      timeseries({
        title: "Burn rate, ticket windows (6h and 3d)",
        description: "Slow burns: a page at 6× on 6h & 30m, tickets at 3× on 1d & 2h and at 1× on 3d & 6h.",
        unit: "short",
        series: [
          { expr: burn("6h"), legend: "{{slo}} 6h" },
          { expr: burn("3d"), legend: "{{slo}} 3d" },
        ],
        thresholds: [
          { value: factor("page", "6h"), label: "page on 6h & 30m" },
          { value: factor("ticket", "3d"), label: "ticket on 3d & 6h" },
        ],
      }),
    )
    .withPanel(
      timeseries(
        {
          title: "Firing SLO alerts",
          description: "Burn-rate alerts firing now, by alert and severity (0 when none fires).",
          unit: "short",
          series: [
            {
              expr: 'sum by (alertname, severity) (ALERTS{alertstate="firing", slo!=""}) or on() vector(0)',
              legend: "{{alertname}} ({{severity}})",
            },
          ],
        },
        24,
      ),
    )
    .withPanel(
      timeseries({
        title: "Synthetic probe of the public API",
        description:
          "The outside-in view: each 5 s the blackbox exporter reads GET /api/v1/orders as a synthetic customer. 1 = a 200 within 3 s. It keeps reporting when the gateway is dead or hung and every gateway-measured series goes silent.",
        unit: "short",
        series: [{ expr: 'min(probe_success{job="api-probe"})', legend: "success" }],
      }),
    )
    .withPanel(
      timeseries({
        title: "Synthetic probe duration",
        description: "How long each probe took, by phase (connect, processing, transfer); capped by the 3 s timeout.",
        unit: "s",
        series: [{ expr: 'sum by (phase) (probe_http_duration_seconds{job="api-probe"})', legend: "{{phase}}" }],
      }),
    );
}
