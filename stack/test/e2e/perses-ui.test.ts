import { sleep } from "@firebreak/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { DASHBOARDS } from "../../src/generate/dashboards/catalog.js";
import { dashboardUrl, persesBaseUrl } from "../../src/generate/dashboards/links.js";
import type { Journal } from "../../src/chaos/journal.js";
import { runDashboards } from "../../src/chaos/run-dashboards.js";
import { placeOrders } from "../orders-traffic.js";
import { firebreak } from "../helpers.js";

/** Debian's Chromium, installed by `firebreak install`; no browser is downloaded. */
const CHROMIUM = "/usr/bin/chromium";

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  // Data for every panel: orders through the saga, and a short k6 run for the load-test dashboard.
  await placeOrders(20);
  const smoke = firebreak("load", "smoke", "--duration", "15");
  expect(smoke.code, `${smoke.stdout}\n${smoke.stderr}`).toBe(0);
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe("Perses dashboards in a real browser", () => {
  it.each(DASHBOARDS.map((d) => [d.spec.title, d] as const))(
    "When %s is opened in Perses, then every panel renders with data and none shows an error",
    async (_title, dashboard) => {
      const page = await browser.newPage({ viewport: { width: 1600, height: 2600 } });
      const failed: string[] = [];
      page.on("pageerror", (error) => failed.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") failed.push(`console: ${message.text()}`);
      });
      page.on("response", (response) => {
        if (response.url().startsWith(persesBaseUrl()) && response.status() >= 400) {
          failed.push(`${response.status()} ${response.url()}`);
        }
      });
      const panels = page.locator('[data-testid="panel"]');
      /** Opens the dashboard and waits until every panel is there and none is still loading. */
      const openSettled = async () => {
        await page.goto(dashboardUrl({ uid: dashboard.spec.uid }));
        await expect.poll(() => panels.count(), { timeout: 60_000 }).toBe(dashboard.panels.length);
        await expect.poll(() => page.locator('[aria-label="Loading..."]').count(), { timeout: 60_000 }).toBe(0);
      };
      await openSettled();
      for (const panel of dashboard.panels) {
        await page.getByText(panel.title, { exact: true }).first().waitFor({ state: "visible", timeout: 30_000 });
      }
      const errors = await page.locator('[data-testid="panel"] [role="alert"]').allInnerTexts();
      expect(errors, dashboard.spec.title).toEqual([]);
      // Series k6 has just remote-written may take a scrape or two to show: open the page again.
      const empty = async () =>
        (await panels.filter({ hasText: "No data" }).allInnerTexts()).map((text) => text.split("\n")[0]);
      for (let attempt = 1; attempt < 6 && (await empty()).length > 0; attempt++) {
        await sleep(10_000);
        await openSettled();
      }
      expect(await empty(), `${dashboard.spec.title}: panels without data`).toEqual([]);
      expect(failed).toEqual([]);
      await page.close();
    },
    180_000,
  );

  it("When the drill's link to a dashboard on the run's window is followed, then Perses shows that dashboard over that window", async () => {
    const run = { startedAt: new Date(Date.now() - 10 * 60_000).toISOString(), endedAt: new Date().toISOString() };
    const [slo] = runDashboards(run as Journal);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await page.goto(slo!.url);
    await page.getByText("Firebreak / SLO overview").first().waitFor({ state: "visible", timeout: 30_000 });
    const shown = new URL(page.url());
    expect(shown.pathname).toBe("/projects/firebreak/dashboards/firebreak-slo-overview");
    const { searchParams } = new URL(slo!.url);
    expect(shown.searchParams.get("start")).toBe(searchParams.get("start"));
    expect(shown.searchParams.get("end")).toBe(searchParams.get("end"));
    // The time picker shows the run's window (in local time, as the browser here shares the machine's
    // zone), not the dashboard's default of the last 6 hours.
    const local = (ms: string | null) => {
      const d = new Date(Number(ms));
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    };
    const picker = page.locator('[role="combobox"][aria-label^="Select time range"]');
    await expect
      .poll(() => picker.innerText(), { timeout: 15_000 })
      .toBe(`${local(searchParams.get("start"))} - ${local(searchParams.get("end"))}`);
    await page.close();
  });
});
