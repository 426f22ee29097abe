import type { FirebreakDashboard } from "./model.js";
import { infrastructure } from "./infrastructure.js";
import { loadTest } from "./load-test.js";
import { sagaPipeline } from "./saga-pipeline.js";
import { serviceRed } from "./service-red.js";
import { sloOverview } from "./slo-overview.js";

/** Firebreak's dashboards, built once, in the order a person reads them: SLOs first. */
export const DASHBOARDS: readonly FirebreakDashboard[] = [
  sloOverview(),
  serviceRed(),
  sagaPipeline(),
  infrastructure(),
  loadTest(),
];

const shortName = (uid: string) => uid.replace(/^firebreak-/, "");

/** The names `firebreak open` takes: each uid without its `firebreak-` prefix. */
export const DASHBOARD_NAMES = DASHBOARDS.map((dashboard) => shortName(dashboard.spec.uid));

/** A dashboard by its uid, or by its short name (`slo-overview`). */
export function findDashboard(name: string): FirebreakDashboard | undefined {
  return DASHBOARDS.find((dashboard) => shortName(dashboard.spec.uid) === shortName(name));
}

/** A dashboard by its title, as runbooks name it (`Firebreak / SLO overview`). */
export function dashboardTitled(title: string): FirebreakDashboard | undefined {
  return DASHBOARDS.find((dashboard) => dashboard.spec.title === title);
}
