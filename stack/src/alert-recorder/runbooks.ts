import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import { REPO_ROOT } from "../native/paths.js";
import { linkDashboards } from "./runbook-links.js";

export const RUNBOOKS_DIR = join(REPO_ROOT, "observability", "runbooks");
const RUNBOOK = /^\/runbooks\/([A-Za-z0-9]+\.md)$/;

/**
 * GET /runbooks/<Alert>.md: the repository's runbook, as plain text a browser shows, its dashboard
 * and panel names linked to Perses (runbook-links.ts). Every alert's
 * runbook_url points here unless the rules were generated with another base, so the link in
 * Alertmanager opens on the stack that sent it. Deliberately public: runbooks are the repository's
 * documentation, and only names listed in the runbooks directory are served, never a path.
 */
export function serveRunbook(pathname: string, res: ServerResponse): boolean {
  const name = RUNBOOK.exec(pathname)?.[1];
  if (!name || !readdirSync(RUNBOOKS_DIR).includes(name)) return false;
  const runbook = linkDashboards(readFileSync(join(RUNBOOKS_DIR, name), "utf8"));
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(runbook);
  return true;
}
