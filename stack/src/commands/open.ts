import { spawn, spawnSync } from "node:child_process";
import { DASHBOARD_NAMES, findDashboard } from "../generate/dashboards/catalog.js";
import { dashboardUrl, persesBaseUrl } from "../generate/dashboards/links.js";
import { PERSES_PROJECT } from "../generate/dashboards/perses.js";
import { UsageError } from "../util/usage.js";

/** Prints a dashboard's URL in Perses and, where a desktop session can show it, opens it there. */
export function open(name: string | undefined): number {
  let url = `${persesBaseUrl()}/projects/${PERSES_PROJECT}`;
  if (name !== undefined) {
    const dashboard = findDashboard(name);
    if (!dashboard) throw new UsageError(`unknown dashboard '${name}': expected one of ${DASHBOARD_NAMES.join(", ")}`);
    url = dashboardUrl({ uid: dashboard.spec.uid });
  }
  process.stdout.write(`${url}\n`);
  const opener = desktopOpener();
  if (opener) spawn(opener, [url], { detached: true, stdio: "ignore" }).unref();
  return 0;
}

/** xdg-open under a desktop session, `open` on macOS; none on a headless machine. */
function desktopOpener(): string | undefined {
  if (process.platform === "darwin") return "open";
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return undefined;
  return spawnSync("which", ["xdg-open"]).status === 0 ? "xdg-open" : undefined;
}
