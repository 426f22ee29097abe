import type { FirebreakDashboard } from "./model.js";
import { infrastructure } from "./infrastructure.js";
import { loadTest } from "./load-test.js";
import { sagaPipeline } from "./saga-pipeline.js";
import { serviceRed } from "./service-red.js";
import { sloOverview } from "./slo-overview.js";

/** Firebreak's dashboards, in the order a person reads them: SLOs first. */
export const DASHBOARDS: (() => FirebreakDashboard)[] = [
  sloOverview,
  serviceRed,
  sagaPipeline,
  infrastructure,
  loadTest,
];

/** A dashboard by its uid, or by its uid without the `firebreak-` prefix (`slo-overview`). */
export function findDashboard(name: string): FirebreakDashboard | undefined {
  const uid = name.startsWith("firebreak-") ? name : `firebreak-${name}`;
  return DASHBOARDS.map((make) => make()).find((dashboard) => dashboard.spec.uid === uid);
}
