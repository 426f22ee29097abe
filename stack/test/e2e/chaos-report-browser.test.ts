import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { htmlReport } from "../../src/chaos/report-html.js";
import { journal } from "../fixtures/chaos-journal.js";

/** Debian's Chromium, installed by `firebreak install`; no browser is downloaded. */
const CHROMIUM = "/usr/bin/chromium";

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});
afterAll(async () => {
  await browser?.close();
});

describe("the chaos report in a real browser", () => {
  it("When a report is opened in Chromium, then every plot shows its limit and markers, and nothing overflows sideways", async () => {
    const run = journal();
    const file = join(mkdtempSync(join(tmpdir(), "chaos-report-")), "report.html");
    writeFileSync(file, htmlReport([run]));
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(pathToFileURL(file).href);
    const plots = page.locator("svg.plot");
    expect(await plots.count()).toBe(run.series.length);
    for (const plot of await plots.all()) {
      const box = await plot.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(await plot.locator("g.marker").count()).toBeGreaterThan(0);
      expect(await plot.locator("path").count()).toBeGreaterThan(0);
    }
    const withLimit = run.series.filter((series) => series.threshold).length;
    expect(await page.locator("svg.plot g.threshold").count()).toBe(withLimit);
    // Runs in the page, where `document` exists; as a string, since this package's types have no DOM.
    const overflow = (await page.evaluate(
      "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
