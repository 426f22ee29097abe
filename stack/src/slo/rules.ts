import { dashboardUrl } from "../generate/dashboards/links.js";
import { HOST, PORTS } from "../native/ports.js";
import type { Slo } from "./spec.js";
import { atWindow, seconds } from "./spec.js";

/** Windows of the multi-window, multi-burn-rate alerts (SRE Workbook, Sloth's Google 30d set). */
export const WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export const BURN_ALERTS = {
  page: {
    for: "2m",
    pairs: [
      ["5m", "1h", 14.4],
      ["30m", "6h", 6],
    ],
  },
  ticket: {
    for: "15m",
    pairs: [
      ["2h", "1d", 3],
      ["6h", "3d", 1],
    ],
  },
} as const;

/** The SLO overview's panel that shows the windows each severity alerts on. */
const BURN_PANELS: Record<keyof typeof BURN_ALERTS, string> = {
  page: "Burn rate, page windows (1h and 5m)",
  ticket: "Burn rate, ticket windows (6h and 3d)",
};

/**
 * Where every alert's runbook_url points. It is absolute because Alertmanager shows it as a link, and
 * a bare repository path is dead there. By default it is the stack's own alert recorder, which serves
 * the repository's runbooks. FIREBREAK_RUNBOOK_BASE_URL, set when generating, points them at a fork's
 * copy or a wiki instead.
 */
export const runbookBaseUrl = () =>
  (process.env.FIREBREAK_RUNBOOK_BASE_URL ?? `http://${HOST}:${PORTS.alertRecorder}/runbooks`).replace(/\/+$/, "");

export interface Variant {
  /** Record-name prefix: `slo` normally, `slo_drill` for the time-compressed drill rules. */
  prefix: string;
  /** Every window and `for` is divided by this; 1 for the real rules. */
  compression: number;
  alertSuffix: string;
}

export const REAL: Variant = { prefix: "slo", compression: 1, alertSuffix: "" };
export const drillVariant = (compression: number): Variant => ({
  prefix: "slo_drill",
  compression,
  alertSuffix: "Drill",
});

const number = (value: number) => String(Number(value.toPrecision(12)));

/** A nominal window as a variant evaluates it, in seconds (1h → 300 at 12× compression). */
export const compressedSeconds = (nominal: string, compression: number) =>
  Math.max(1, Math.round(seconds(nominal) / compression));

function duration(nominal: string, compression: number): string {
  const s = compressedSeconds(nominal, compression);
  if (compression === 1) return nominal;
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}

export const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** The name of an SLO's burn-rate alert: a page burns fast, a ticket slowly. */
export const burnAlertName = (slo: string, severity: keyof typeof BURN_ALERTS, variant: Variant) =>
  `${pascal(slo)}${severity === "page" ? "FastBurn" : "SlowBurn"}${variant.alertSuffix}`;

/**
 * The error ratio over one window. The denominator is guarded (`> 0`), so a window without traffic
 * has no sample instead of NaN, and a numerator with no series yet counts as zero.
 */
export function errorRatio(slo: Slo, window: string): string {
  const total = atWindow(slo.sli.total, window);
  if ("errors" in slo.sli) return `(${atWindow(slo.sli.errors, window)} or vector(0)) / (${total} > 0)`;
  return `1 - ((${atWindow(slo.sli.good, window)} or vector(0)) / (${total} > 0))`;
}

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function rulesFor(slo: Slo, variant: Variant): { name: string; interval?: string; rules: Rule[] } {
  const labels = { slo: slo.name, service: slo.service, ...(variant.compression > 1 ? { drill: "true" } : {}) };
  const budget = 1 - slo.target / 100;
  const selector = `{slo="${slo.name}"}`;
  const ratio = (w: string) => `${variant.prefix}:sli_error:ratio_rate${w}${selector}`;
  const rules: Rule[] = [];
  for (const w of WINDOWS) {
    rules.push({
      record: `${variant.prefix}:sli_error:ratio_rate${w}`,
      expr: errorRatio(slo, duration(w, variant.compression)),
      labels,
    });
  }
  // The SLO's whole window (30 days) averages the 5-minute recordings, as Sloth does: a rate() over
  // 30 days of raw series would read every sample of the month at each evaluation, and cost more as
  // traffic grows. Five minutes without traffic have no recording, so they do not count.
  const fiveMinutes = `${ratio("5m")}[${duration(slo.window, variant.compression)}]`;
  rules.push({
    record: `${variant.prefix}:sli_error:ratio_rate${slo.window}`,
    expr: `sum_over_time(${fiveMinutes}) / count_over_time(${fiveMinutes})`,
    labels,
  });
  rules.push(
    { record: `${variant.prefix}:objective:ratio`, expr: `vector(${number(slo.target / 100)})`, labels },
    { record: `${variant.prefix}:error_budget:ratio`, expr: `vector(${number(budget)})`, labels },
    { record: `${variant.prefix}:burn_rate:ratio_rate1h`, expr: `${ratio("1h")} / ${number(budget)}`, labels },
    {
      record: `${variant.prefix}:error_budget_remaining:ratio`,
      expr: `1 - ${ratio(slo.window)} / ${number(budget)}`,
      labels,
    },
  );
  for (const [severity, { for: wait, pairs }] of Object.entries(BURN_ALERTS)) {
    const name = burnAlertName(slo.name, severity as keyof typeof BURN_ALERTS, variant);
    const clauses = pairs.map(
      ([short, long, factor]) =>
        `(${ratio(short)} > ${number(factor * budget)} and ${ratio(long)} > ${number(factor * budget)})`,
    );
    const forDuration = duration(wait, variant.compression);
    rules.push({
      alert: name,
      expr: clauses.join("\nor\n"),
      ...(seconds(forDuration) >= 1 ? { for: forDuration } : {}),
      labels: { ...labels, severity },
      annotations: {
        summary: `${slo.name}: the error budget is burning ${severity === "page" ? "fast" : "steadily"}`,
        description: `Objective: ${slo.objective} At this rate the ${slo.window} budget runs out early.`,
        runbook_url: `${runbookBaseUrl()}/${name.replace(/Drill$/, "")}.md`,
        dashboard_url: dashboardUrl({
          uid: "firebreak-slo-overview",
          panel: BURN_PANELS[severity as keyof typeof BURN_ALERTS],
        }),
      },
    });
  }
  return { name: `${variant.prefix}-${slo.name}`, ...(variant.compression > 1 ? { interval: "5s" } : {}), rules };
}
