/**
 * The pictures of the README and docs/, regenerated so they never rot (`npm run pictures`), with Debian's headless
 * Chromium (no browser download):
 * - docs/images/architecture.png: the README's Mermaid diagram, rendered with Mermaid from npm;
 * - docs/images/drill-slo-overview.png: Perses's SLO overview over the latest drill's window, from
 *   the running stack (run `npx firebreak drill` first, or pass --drill to run one now);
 * - docs/images/chaos-report.png: the top of that drill's chaos report.
 * `npm run pictures -- architecture` (or `-- drill`) makes one of them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import type { Journal } from "../src/chaos/journal.js";
import { runDashboards } from "../src/chaos/run-dashboards.js";
import { REPO_ROOT, stackPaths } from "../src/native/paths.js";

const CHROMIUM = "/usr/bin/chromium";
const IMAGES = join(REPO_ROOT, "docs", "images");

async function architecture(browser: Browser): Promise<void> {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const diagram = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!diagram) throw new Error("README.md has no mermaid block");
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 2 });
  await page.setContent(`<!doctype html><body style="margin:0;background:#fff"><pre class="mermaid"></pre></body>`);
  await page.locator("pre.mermaid").evaluate((element, text) => (element.textContent = text), diagram);
  await page.addScriptTag({ path: join(REPO_ROOT, "node_modules", "mermaid", "dist", "mermaid.min.js") });
  await page.evaluate("mermaid.run({ querySelector: 'pre.mermaid' })");
  await page.locator("pre.mermaid svg").screenshot({ path: join(IMAGES, "architecture.png") });
  await page.close();
}

/** The newest chaos run that includes the drill's experiment, with its journal. */
function latestDrill(experiment: string): { dir: string; journal: Journal } {
  const root = join(stackPaths().state, "chaos");
  const runs = existsSync(root) ? readdirSync(root).sort().reverse() : [];
  const dir = runs.map((run) => join(root, run)).find((run) => existsSync(join(run, `${experiment}.journal.json`)));
  if (!dir) throw new Error(`no chaos run of ${experiment} under ${root}: run npx firebreak drill first`);
  return { dir, journal: JSON.parse(readFileSync(join(dir, `${experiment}.journal.json`), "utf8")) as Journal };
}

async function drill(browser: Browser): Promise<void> {
  const { dir, journal } = latestDrill("postgres-down");
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const [slo] = runDashboards(journal);
  await page.goto(slo!.url);
  await page.locator('[data-testid="panel"]').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(8_000);
  await page.screenshot({ path: join(IMAGES, "drill-slo-overview.png") });
  await page.setViewportSize({ width: 1000, height: 1600 });
  await page.goto(`file://${join(dir, "report.html")}`);
  await page.screenshot({ path: join(IMAGES, "chaos-report.png") });
  await page.close();
}

mkdirSync(IMAGES, { recursive: true });
if (process.argv.includes("--drill")) {
  const run = spawnSync("npx", ["firebreak", "drill"], { cwd: REPO_ROOT, stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
// `npm run pictures -- architecture` renders only the diagram (no stack needed).
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const wanted = (part: string) => only.length === 0 || only.includes(part);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
try {
  if (wanted("architecture")) await architecture(browser);
  if (wanted("drill")) await drill(browser);
  for (const file of readdirSync(IMAGES)) process.stdout.write(`wrote docs/images/${file}\n`);
} finally {
  await browser.close();
}
