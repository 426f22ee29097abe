import { homedir } from "node:os";
import { describe, expect, it } from "vitest";
import { explain } from "../src/chaos/report-explain.js";
import { humanName } from "../src/chaos/report-readable.js";
import { htmlReport } from "../src/chaos/report-html.js";
import { junitXml } from "../src/chaos/report-junit.js";
import { persesBaseUrl } from "../src/generate/dashboards/links.js";
import { REPO_ROOT } from "../src/native/paths.js";

import { at, FAULT_END, FAULT_START, journal, sampled } from "./fixtures/chaos-journal.js";

const failed = journal({
  verdict: "fail",
  reason: "budget consumed 7.2% > 5% <limit>",
  expectations: [
    { kind: "budget", name: "budget order-placement-availability ≤ 5%", passed: false, detail: "consumed 7.2% > 5%" },
    { kind: "recovery", name: "recovers within 60 s", passed: false, detail: "recovered after 94 s" },
    { kind: "verify", name: "no order lost", passed: true, detail: "" },
  ],
});
const invalid = journal({ verdict: "invalid", reason: "error ratio 4% > 1%", injection: undefined, faults: [] });
const errored = journal({
  verdict: "error",
  reason: "toxiproxy refused the toxic",
  timeline: [{ at: at(61), kind: "error", message: "POST /proxies/orders_to_postgres/toxics: 500 \u001b[31mboom" }],
});

const count = (text: string, fragment: string) => text.split(fragment).length - 1;

const plots = (html: string) => html.split("<svg ").slice(1);

/** Where a moment falls on a plot's x axis, from the positions of its first two tick labels. */
function xAt(plot: string, secondsIntoRun: number): number {
  const ticks = [...plot.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">([\d.]+)<\/text>/g)];
  const [[, x0, t0], [, x1, t1]] = ticks.map((tick) => tick.map(Number)) as [number[], number[]];
  return x0! + ((secondsIntoRun - t0!) / (t1! - t0!)) * (x1! - x0!);
}

/** The marker labels of a plot: text, row (y), and the span the text covers. */
function markerLabels(plot: string) {
  return [
    ...plot.matchAll(
      /<g class="marker-label">.*?<text x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)"[^>]*>([^<]+)</g,
    ),
  ].map(([, x, y, anchor, text]) => {
    const width = text!.length * 6.2;
    const left = anchor === "start" ? Number(x) : Number(x) - width;
    return { text: text!, y: Number(y), left, right: left + width };
  });
}

const markerLineX = (plot: string, kind: string) =>
  Number(new RegExp(`<g class="marker ${kind}">.*?<line x1="([\\d.]+)"`).exec(plot)?.[1]);

const section = (html: string, heading: string) => html.split(`<h3>${heading}</h3>`)[1]!.split("<h3>")[0]!;

/** Every tag closes in order, and no markup character is left raw in text or attribute values. */
function expectWellFormed(xml: string): void {
  const open: string[] = [];
  for (const [tag, closing, name, selfClosing] of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    if (closing) expect(open.pop(), tag).toBe(name);
    else if (!selfClosing) open.push(name!);
  }
  expect(open).toEqual([]);
  const text = xml.replace(/^<\?xml[^>]*\?>/, "").replace(/<[^<>]*>/g, "");
  expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|#\d+);)/);
  // eslint-disable-next-line no-control-regex
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
}

describe("junitXml", () => {
  const xml = junitXml([journal(), failed, invalid, errored]);

  it("is one well-formed suite with a test case per run", () => {
    expectWellFormed(xml);
    expect(count(xml, "<testsuite ")).toBe(1);
    expect(count(xml, "<testcase ")).toBe(4);
    expect(xml).toContain(
      '<testsuite name="firebreak-chaos" tests="4" failures="1" errors="2" skipped="0" time="960.000"',
    );
    expect(xml).toContain('<testcase classname="chaos" name="orders-postgres-latency" time="240.000">');
    expect(junitXml([], "nightly")).toContain('<testsuite name="nightly" tests="0"');
  });

  it("maps each verdict to its JUnit element", () => {
    const [pass, fail, invalidRun, error] = xml.split("<testcase ").slice(1);
    expect(pass).not.toMatch(/<(failure|error|skipped)/);
    expect(fail).toContain('<failure message="budget consumed 7.2% &gt; 5% &lt;limit&gt;" type="expectation">');
    expect(fail).toContain("[budget] budget order-placement-availability ≤ 5%: consumed 7.2% &gt; 5%");
    expect(fail).toContain("[recovery] recovers within 60 s: recovered after 94 s");
    expect(fail).not.toContain("no order lost");
    // An invalid run proved nothing: CI must show it red, and many CIs show a skip green.
    expect(invalidRun).toContain(
      '<error message="steady state did not hold before injection: error ratio 4% &gt; 1%" type="invalid"/>',
    );
    expect(invalidRun).not.toContain("<skipped");
    expect(error).toContain('<error message="toxiproxy refused the toxic" type="runner">');
    expect(error).toContain("500 \\u001b[31mboom");
  });

  it("carries the timeline in system-out", () => {
    expect(xml).toContain("+60.0 s  inject       latency 300 ms on ordersToPostgres");
    expect(xml).toContain("Nothing was lost: all 1,234 acknowledged orders exist.");
  });
});

describe("htmlReport", () => {
  const twoFaults = journal({
    experiment: { ...journal().experiment, hypothesis: "Orders <script>alert('x')</script> & survives" },
    faults: [
      { label: "orders cut off from Kafka", start: at(60), end: at(90) },
      { label: "PostgreSQL <paused>", start: at(120), end: at(150) },
    ],
  });

  it("plots every series with every fault window shaded", () => {
    const html = htmlReport([twoFaults]);
    expect(count(html, "<svg ")).toBe(4);
    expect(count(html, '<rect class="fault-window"')).toBe(2 * 4);
    expect(html).toContain("PostgreSQL &lt;paused&gt;");
    expect(html).toContain("seconds since run start");
  });

  it("breaks the line where a point is missing", () => {
    const latencyPlot = htmlReport([journal()]).split("<svg ")[1]!;
    const path = /<path d="([^"]+)"/.exec(latencyPlot)![1]!;
    expect(count(path, "M")).toBe(2);
  });

  it("escapes journal text and loads nothing from elsewhere", () => {
    const html = htmlReport([twoFaults]);
    expect(html).not.toContain("<script");
    expect(html).toContain("Orders &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; survives");
    expect(html).not.toMatch(/src="(https?:)?\/\//);
    expect(html).not.toMatch(/<link|@import|url\(/);
    // Links away are only to the dashboards, followed when clicked, never loaded.
    const away = [...html.matchAll(/href="((?:https?:)?\/\/[^"]*)"/g)].map(([, href]) => href);
    expect(away.length).toBeGreaterThan(0);
    for (const href of away) expect(href).toMatch(new RegExp(`^${persesBaseUrl()}/projects/[^/]+/dashboards/`));
  });

  it("links the runbook and tells the story", () => {
    const html = htmlReport([journal()]);
    expect(html).toContain(
      '<a href="../../../observability/runbooks/OrderPlacementAvailabilityFastBurn.md">observability/runbooks/OrderPlacementAvailabilityFastBurn.md</a>',
    );
    expect(html).toContain(
      "<li>For 45 s, every connection from orders to PostgreSQL got 300 ms of extra latency.</li>",
    );
    expect(count(html, '<span class="badge skipped">skipped</span>')).toBe(1);
  });

  it("draws a series' limit as a labelled dashed line, with the y-scale stretched to show it", () => {
    const fast = sampled("order placement p99 latency", "s", 0.02, 0.12, { threshold: { value: 0.3, label: "SLO" } });
    const [plot] = plots(htmlReport([journal({ series: [fast] })]));
    const gridline = /<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="\1" stroke="#e5e7eb"\/><text [^>]*>300 ms</.exec(
      plot!,
    );
    const threshold = /<g class="threshold">.*?<line [^>]*y1="([\d.]+)" y2="\1"[^>]*stroke-dasharray=/.exec(plot!);
    expect(gridline?.[1]).toBeDefined();
    expect(threshold?.[1]).toBe(gridline?.[1]);
    expect(plot).toContain(">SLO 300 ms</text>");

    const [latency, errors, burnRate] = plots(htmlReport([journal()]));
    expect(latency).toContain(">SLO 300 ms</text>");
    expect(burnRate).toContain(">pages at 14.4×</text>");
    expect(errors).not.toContain('class="threshold"');
  });

  it("marks on every plot when each alert fired and resolved and when the load stopped", () => {
    for (const plot of plots(htmlReport([journal()]))) {
      expect(markerLabels(plot).map((label) => label.text)).toEqual([
        "OrderPlacementAvailabilityFastBurnDrill fired",
        "OrderPlacementAvailabilityFastBurnDrill resolved",
        "load stopped",
      ]);
      expect(markerLineX(plot, "fired")).toBeCloseTo(xAt(plot, FAULT_START + 38), 0);
      expect(markerLineX(plot, "resolved")).toBeCloseTo(xAt(plot, FAULT_END + 71), 0);
      expect(markerLineX(plot, "load-stopped")).toBeCloseTo(xAt(plot, 200), 0);
      expect(plot).toContain("<title>load stopped at +200.0 s</title>");
    }
  });

  it("keeps marker labels apart when alerts fire together", () => {
    const together = journal({
      alerts: [
        { name: "OrderPlacementAvailabilityFastBurnDrill", firedAt: at(98), resolvedAt: at(176) },
        { name: "OrderReadAvailabilityFastBurnDrill", firedAt: at(100), resolvedAt: at(178) },
      ],
    });
    const labels = markerLabels(plots(htmlReport([together]))[0]!);
    expect(labels).toHaveLength(5);
    for (const [index, a] of labels.entries())
      for (const b of labels.slice(index + 1))
        if (a.y === b.y) expect(a.right <= b.left || b.right <= a.left, `${a.text} / ${b.text}`).toBe(true);
    expect(new Set(labels.map((label) => label.y)).size).toBeGreaterThan(1);
  });

  it("prints values rounded and with their units, never raw floats", () => {
    const noisy = journal({
      load: { testId: "chaos-1", profile: "average", ratePerSecond: 2.5000000000000004 },
      expectations: [
        { kind: "recovery", name: "recovers", passed: true, detail: "recovered in 0.006000000000000005s" },
      ],
      timeline: [
        {
          at: at(58),
          kind: "probe",
          message: "steady state holds: placement_p99_seconds=0.08349999999999988 (max 0.5), pages_firing=0 (max 0)",
        },
      ],
    });
    const html = htmlReport([noisy]);
    expect(html).not.toMatch(/\d\.\d{5,}/);
    expect(section(html, "Steady state before injection")).toContain(
      "<td>Placement p99 latency</td><td>83 ms</td><td>≤ 500 ms</td>",
    );
    expect(html).toContain("<td>Placement error ratio</td><td>0%</td><td>≤ 1%</td>");
    expect(html).toContain("steady state holds: placement p99 latency 83 ms (max 500 ms), pages firing 0 (max 0)");
    expect(html).toContain("recovered in 0.006s");
    expect(html).toContain("load average at 2.5/s · 2025-06-02 10:00:00 UTC → 2025-06-02 10:04:00 UTC (4 min)");
  });

  it("shows machine names as words", () => {
    expect(humanName("placement_latency_p99")).toBe("Placement latency p99");
    expect(humanName("placement_p99_seconds")).toBe("Placement p99 latency");
    expect(humanName("api-probe-availability")).toBe("API probe availability");
    const html = htmlReport([journal()]);
    expect(html).toContain("<td>Pages firing</td><td>0</td><td>≤ 0</td>");
    expect(section(html, "Error budget")).toContain("<td>Order placement availability</td>");
    expect(section(html, "Expectations")).toContain("<td>Alert fires</td>");
    expect(section(html, "Expectations")).toContain("<td>budget order placement availability ≤ 5%</td>");
    expect(section(html, "Signals")).toContain(">Order placement p99 latency</text>");
    expect(html).not.toMatch(/placement_|pages_firing|order-placement-availability|alert-fires/);
  });

  it("shows no path of this machine", () => {
    const home = homedir();
    const leaky = journal({
      experiment: { ...journal().experiment, file: `${REPO_ROOT}/chaos/experiments/orders-postgres-latency.yaml` },
      verdict: "error",
      reason: `cannot read ${REPO_ROOT}/.firebreak/conf/toxiproxy.json`,
      timeline: [{ at: at(61), kind: "error", message: `k6 exited; see ${home}/.cache/firebreak/logs/k6.log` }],
      rollback: [{ action: "remove toxic", ok: false, error: `spawn ${REPO_ROOT}/node_modules/.bin/tsx ENOENT` }],
    });
    const html = htmlReport([leaky]);
    expect(html).not.toContain(REPO_ROOT);
    expect(html).not.toContain(`${home}/`);
    expect(html).toContain("orders-postgres-latency · chaos/experiments/orders-postgres-latency.yaml · drill mode");
    expect(html).toContain("cannot read .firebreak/conf/toxiproxy.json");
    expect(html).toContain("k6 exited; see ~/.cache/firebreak/logs/k6.log");
    expect(html).toContain("spawn node_modules/.bin/tsx ENOENT");
  });

  it("links the dashboards in the story, opened on the run's window", () => {
    const watch = /<dt>What to watch<\/dt><dd>(.*?)<\/dd>/.exec(htmlReport([journal()]))![1]!;
    const [start, end] = [Date.parse(at(0)) - 5 * 60_000, Date.parse(at(240)) + 5 * 60_000];
    for (const uid of ["firebreak-slo-overview", "firebreak-saga-pipeline"])
      expect(watch).toMatch(
        new RegExp(`<a href="${persesBaseUrl()}/projects/[^/]+/dashboards/${uid}\\?start=${start}&amp;end=${end}">`),
      );
  });

  it("summarises several runs at the top, and only then", () => {
    const html = htmlReport([journal(), failed, invalid]);
    expect(html).toContain("<h1>3 chaos runs</h1>");
    expect(html.indexOf('<a href="#run-2">')).toBeLessThan(html.indexOf('<section id="run-1">'));
    expect(count(html, "<section ")).toBe(3);
    expect(htmlReport([journal()])).not.toContain('href="#run-');
  });
});

describe("explain", () => {
  const sentences = explain(journal());

  it("says what was broken, for how long", () => {
    expect(sentences).toContain("For 45 s, every connection from orders to PostgreSQL got 300 ms of extra latency.");
    expect(explain(invalid)).toContain("No fault was injected.");
    const killed = { label: "orders killed with SIGKILL", start: at(62), end: at(62.2) };
    expect(explain(journal({ faults: [killed] }))).toContain("At 62 s into the run, orders killed with SIGKILL.");
  });

  it("says what users felt, from the series peaks", () => {
    expect(sentences).toContain(
      "Users felt it: order placement p99 latency peaked at 2.1 s (normally 45 ms) and order placement error ratio peaked at 12.5% (normally 0%).",
    );
    expect(sentences).toContain(
      "Behind the scenes, fast burn rate peaked at 14.4× (normally 0.2×) and saga consumer lag peaked at 1,800 messages (normally 3 messages).",
    );
    expect(sentences).toContain(
      "The run used 2.3% of the order placement availability error budget (within the 5% the experiment allows).",
    );
  });

  it("says what the load's clients saw, even when no server metric moved", () => {
    const placements = { acknowledged: 180, refused: 0, unknown: 12, succeededOnRetry: 3 };
    const quiet = explain(journal({ series: [], load: { testId: "chaos-1", profile: "average", placements } }));
    expect(quiet).toContain(
      "Users felt it: of 192 placements by k6's clients, 12 got no answer or a 5xx even when retried and 3 succeeded only when retried with the same key.",
    );
    const none = { acknowledged: 192, refused: 0, unknown: 0, succeededOnRetry: 0 };
    expect(
      explain(journal({ series: [], load: { testId: "chaos-1", profile: "average", placements: none } })).join(" "),
    ).not.toContain("Users felt it");
  });

  it("does not call a dip or a flat line a peak", () => {
    const flat = sampled("order placement error ratio", "ratio", 0, 0);
    const dip = sampled("saga consumer lag", "messages", 30, 0);
    const told = explain(journal({ series: [flat, dip] })).join(" ");
    expect(told).toContain("Users hardly noticed: order placement error ratio stayed at its normal 0%.");
    expect(told).toContain("saga consumer lag stayed below its normal 30 messages (at most 15 messages).");
    expect(told).not.toContain("peaked at");
  });

  it("says when each alert fired and resolved, relative to the fault", () => {
    expect(sentences).toContain(
      "Alert OrderPlacementAvailabilityFastBurnDrill (page) fired 38 s after the fault began and resolved 71 s after it ended.",
    );
    const stillFiring = explain(journal({ alerts: [{ name: "SagaCompletionFastBurn", firedAt: at(50) }] }));
    expect(stillFiring).toContain(
      "Alert SagaCompletionFastBurn fired 10 s before the fault began and was still firing when the run ended.",
    );
    expect(explain(journal({ alerts: [] }))).toContain("No alert fired.");
  });

  it("names the runbook", () => {
    expect(sentences).toContain(
      "If this happens in production, follow the runbook observability/runbooks/OrderPlacementAvailabilityFastBurn.md.",
    );
  });

  it("says whether anything was lost", () => {
    expect(sentences).toContain("Nothing was lost: all 1,234 acknowledged orders exist.");
    const lossy = explain(
      journal({ integrity: { acknowledged: 1234, lost: 3, unexpected: 1, duplicated: 2, stuck: 0 } }),
    ).join(" ");
    expect(lossy).not.toContain("Nothing was lost");
    expect(lossy).toContain("3 of 1,234 acknowledged orders were lost");
    expect(lossy).toContain("1 order exists that was never acknowledged");
    expect(lossy).toContain("2 orders were recorded more than once.");
  });
});
