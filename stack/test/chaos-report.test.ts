import { describe, expect, it } from "vitest";
import type { Journal, Series } from "../src/chaos/journal.js";
import { explain } from "../src/chaos/report-explain.js";
import { htmlReport } from "../src/chaos/report-html.js";
import { junitXml } from "../src/chaos/report-junit.js";

const RUN_START = Date.parse("2025-06-02T10:00:00Z") / 1000;
const at = (secondsIntoRun: number) => new Date((RUN_START + secondsIntoRun) * 1000).toISOString();
const FAULT_START = 60;
const FAULT_END = 105;

/** A value per 5 s over a 240 s run: `normal` outside the fault (plus its 30 s tail), `peak` at 90 s. */
function sampled(name: string, unit: Series["unit"], normal: number, peak: number, gapAt?: number): Series {
  const points: [number, number | null][] = [];
  for (let t = 0; t <= 240; t += 5) {
    const during = t >= FAULT_START && t <= FAULT_END + 30;
    const value = t === 90 ? peak : during ? (normal + peak) / 2 : normal;
    points.push([RUN_START + t, t === gapAt ? null : value]);
  }
  return { name, unit, points };
}

function journal(overrides: Partial<Journal> = {}): Journal {
  return {
    experiment: {
      id: "orders-postgres-latency",
      title: "Orders survives a slow PostgreSQL",
      hypothesis: "With 300 ms extra latency to PostgreSQL, order placement stays within its SLO.",
      file: "chaos/experiments/orders-postgres-latency.yaml",
      story: {
        inside: "Every query from orders waits 300 ms longer, so the connection pool runs dry.",
        watch: "Orders dashboard, panel 'Order placement latency'.",
        alerts: "OrderPlacementAvailabilityFastBurnDrill fires because requests time out.",
        runbook: "OrderPlacementAvailabilityFastBurn.md",
      },
    },
    mode: "drill",
    startedAt: at(0),
    endedAt: at(240),
    verdict: "pass",
    load: { testId: "chaos-1", profile: "average", ratePerSecond: 50 },
    injection: { start: at(FAULT_START), end: at(FAULT_END) },
    faults: [
      {
        label: "every connection from orders to PostgreSQL got 300 ms of extra latency",
        start: at(FAULT_START),
        end: at(FAULT_END),
      },
    ],
    steadyState: [
      { name: "order placement error ratio", value: 0, max: 0.01, ok: true },
      { name: "order placement p99 latency", value: 0.045, max: 0.5, ok: true },
    ],
    expectations: [
      { kind: "budget", name: "budget order-placement-availability ≤ 5%", passed: true, detail: "consumed 2.3%" },
      {
        kind: "alert-fires",
        name: "OrderPlacementAvailabilityFastBurnDrill fires",
        passed: true,
        detail: "fired after 38 s",
      },
      {
        kind: "alert-quiet",
        name: "OrderReadAvailabilityFastBurn stays quiet",
        passed: true,
        skipped: true,
        detail: "",
      },
    ],
    budget: [{ slo: "order-placement-availability", consumedPercent: 2.3, maxPercent: 5 }],
    alerts: [
      {
        name: "OrderPlacementAvailabilityFastBurnDrill",
        severity: "page",
        firedAt: at(FAULT_START + 38),
        resolvedAt: at(FAULT_END + 71),
      },
    ],
    recoverySeconds: 24,
    drainSeconds: 6,
    integrity: { acknowledged: 1234, lost: 0, unexpected: 0, duplicated: 0, stuck: 0 },
    series: [
      sampled("order placement p99 latency", "s", 0.045, 2.1, 30),
      sampled("order placement error ratio", "ratio", 0, 0.125),
      sampled("fast burn rate", "x", 0.2, 14.4),
      sampled("saga consumer lag", "messages", 3, 1800),
    ],
    timeline: [
      { at: at(0), kind: "phase", message: "steady state" },
      { at: at(FAULT_START), kind: "inject", message: "latency 300 ms on ordersToPostgres" },
      { at: at(FAULT_END), kind: "heal", message: "removed latency on ordersToPostgres" },
      { at: at(240), kind: "phase", message: "done" },
    ],
    rollback: [{ action: "remove toxic ordersToPostgres/latency", ok: true }],
    ...overrides,
  };
}

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
      '<testsuite name="firebreak-chaos" tests="4" failures="1" errors="1" skipped="1" time="960.000"',
    );
    expect(xml).toContain('<testcase classname="chaos" name="orders-postgres-latency" time="240.000">');
    expect(junitXml([], "nightly")).toContain('<testsuite name="nightly" tests="0"');
  });

  it("maps each verdict to its JUnit element", () => {
    const [pass, fail, skip, error] = xml.split("<testcase ").slice(1);
    expect(pass).not.toMatch(/<(failure|error|skipped)/);
    expect(fail).toContain('<failure message="budget consumed 7.2% &gt; 5% &lt;limit&gt;" type="expectation">');
    expect(fail).toContain("[budget] budget order-placement-availability ≤ 5%: consumed 7.2% &gt; 5%");
    expect(fail).toContain("[recovery] recovers within 60 s: recovered after 94 s");
    expect(fail).not.toContain("no order lost");
    expect(skip).toContain('<skipped message="steady state did not hold before injection: error ratio 4% &gt; 1%"/>');
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
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<link|@import|url\(/);
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
      "The run used 2.3% of the order-placement-availability error budget (within the 5% the experiment allows).",
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
