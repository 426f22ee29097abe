import { stringify } from "yaml";
import { burnAlertName, pascal, REAL, runbookBaseUrl } from "./rules.js";
import type { Slo } from "./spec.js";

export const SLOTH_DIR = "observability/sloth";

/**
 * Sloth writes the window as {{.window}}. A division by {{windowSeconds}} only turns a count of gauge
 * samples into a rate; errors and total are divided by the same length, so Sloth's errors/total ratio
 * needs none.
 */
const forSloth = (query: string) =>
  query
    .replaceAll("{{window}}", "{{.window}}")
    .replace(/\s*\/\s*\{\{windowSeconds\}\}/g, "")
    .replaceAll("{{windowSeconds}}", "1");

/**
 * Errors and total as Sloth's events SLI, which divides the two queries as written. Firebreak's ratio
 * counts a window with traffic and no error series as 0 errors, so the error query says so with
 * `or vector(0)`; and it has no sample for a window without traffic, so the total query keeps only a
 * total above 0. Without that guard Sloth would record 0/0 = NaN, and its 30-day ratio, an average of
 * the 5-minute ones, would be NaN for a month after one quiet night. A good/total SLI becomes total
 * minus good.
 */
function events(slo: Slo): { error_query: string; total_query: string } {
  const total = forSloth(slo.sli.total);
  const errors =
    "errors" in slo.sli
      ? `(${forSloth(slo.sli.errors)}) or vector(0)`
      : `(${total}) - ((${forSloth(slo.sli.good)}) or vector(0))`;
  return { error_query: errors, total_query: `(${total}) > 0` };
}

/** Sloth names one alert per SLO; its page and ticket variants differ by sloth_severity. */
export const slothAlertName = (slo: string) => `${pascal(slo)}ErrorBudgetBurn`;

const runbook = (slo: Slo, severity: "page" | "ticket") =>
  `${runbookBaseUrl()}/${burnAlertName(slo.name, severity, REAL)}.md`;

/**
 * One service's SLOs in Sloth's prometheus/v1 format, for teams that already run Sloth: the same
 * SLIs, objectives and 30-day window. Sloth generates the same multi-window burn-rate alerts (its
 * default window set is Firebreak's), under one alert name whose page and ticket variants carry
 * severity page and ticket, each linking its Firebreak runbook.
 */
export function slothSpec(service: string, slos: Slo[]): string {
  const spec = {
    version: "prometheus/v1",
    service,
    slos: slos.map((slo) => ({
      name: slo.name,
      objective: slo.target,
      description: slo.objective,
      sli: { events: events(slo) },
      alerting: {
        name: slothAlertName(slo.name),
        annotations: { summary: `${slo.name}: the error budget is burning` },
        page_alert: { labels: { severity: "page" }, annotations: { runbook_url: runbook(slo, "page") } },
        ticket_alert: { labels: { severity: "ticket" }, annotations: { runbook_url: runbook(slo, "ticket") } },
      },
    })),
  };
  return stringify(spec, { lineWidth: 0 });
}
