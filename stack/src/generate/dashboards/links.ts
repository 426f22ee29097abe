import { HOST, PORTS } from "../../native/ports.js";
import { PERSES_PROJECT, panelKey } from "./perses.js";

/** Perses on the native stack; FIREBREAK_DASHBOARD_URL points the links at another Perses. */
export const persesBaseUrl = (): string =>
  (process.env.FIREBREAK_DASHBOARD_URL ?? `http://${HOST}:${PORTS.perses}`).replace(/\/$/, "");

export interface DashboardLink {
  /** The dashboard's uid, e.g. firebreak-slo-overview. */
  uid: string;
  /** A panel's title: the link opens that panel alone. */
  panel?: string;
  /** A window to show instead of the dashboard's default (the last hour or so). */
  from?: Date;
  to?: Date;
}

/** The URL of a dashboard (or one of its panels) in Perses, with the time window already set. */
export function dashboardUrl(link: DashboardLink): string {
  const query = new URLSearchParams();
  if (link.from) query.set("start", String(link.from.getTime()));
  if (link.to) query.set("end", String(link.to.getTime()));
  if (link.panel) query.set("viewPanelRef", JSON.stringify({ ref: panelKey(link.panel) }));
  const search = query.size > 0 ? `?${query}` : "";
  return `${persesBaseUrl()}/projects/${PERSES_PROJECT}/dashboards/${link.uid}${search}`;
}
