import { dashboardTitled } from "../generate/dashboards/catalog.js";
import { dashboardUrl } from "../generate/dashboards/links.js";

/**
 * A runbook's "- Dashboards:" line names dashboards and panels in italics
 * (`*Firebreak / SLO overview* → *Error budget remaining*; then …`). Served, each name becomes a
 * Markdown link that opens it in Perses: the dashboard, or the panel alone. Names that are no
 * dashboard or panel stay as they are.
 */
export function linkDashboards(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => (line.startsWith("- Dashboards:") ? line.split(";").map(linkPart).join(";") : line))
    .join("\n");
}

function linkPart(part: string): string {
  let dashboard: ReturnType<typeof dashboardTitled>;
  return part.replace(/\*([^*]+)\*/g, (italic, name: string) => {
    const named = dashboardTitled(name);
    if (named) {
      dashboard = named;
      return `[${name}](${dashboardUrl({ uid: named.spec.uid })})`;
    }
    if (!dashboard?.panels.some((panel) => panel.title === name)) return italic;
    return `[${name}](${dashboardUrl({ uid: dashboard.spec.uid, panel: name })})`;
  });
}
