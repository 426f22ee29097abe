import { sleep } from "@firebreak/platform";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createSilence,
  expireSilence,
  listSilences,
  parseMatcher,
  postAlerts,
  recordedAlerts,
} from "../../src/clients/alertmanager.js";
import { PORTS } from "../../src/native/ports.js";
import { eventually, firebreak, url } from "../helpers.js";

const unique = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;

async function recorded(alertname: string) {
  return (await recordedAlerts()).filter((alert) => alert.alertname === alertname);
}

describe("Alertmanager routes to the recorder, and silences hold", () => {
  it("When a page and a ticket alert fire, then each reaches the recorder through its own route", async () => {
    const page = unique("FirebreakTestPage");
    const ticket = unique("FirebreakTestTicket");
    const dashboard = "http://127.0.0.1:18090/projects/firebreak/dashboards/firebreak-slo-overview";
    await postAlerts([
      { labels: { alertname: page, severity: "page" }, annotations: { dashboard_url: dashboard } },
      { labels: { alertname: ticket, severity: "ticket" } },
    ]);
    const [paged] = await eventually(
      async () => ((await recorded(page)).length ? recorded(page) : undefined),
      60_000,
      page,
    );
    expect(paged).toMatchObject({ receiver: "page", status: "firing", severity: "page" });
    expect(paged!.annotations).toEqual({ dashboard_url: dashboard });
    const listed = firebreak("alerts", "--since", paged!.receivedAt);
    expect(listed.stdout).toContain(`${page}\n    dashboard: ${dashboard}\n`);
    const [ticketed] = await eventually(
      async () => ((await recorded(ticket)).length ? recorded(ticket) : undefined),
      60_000,
      ticket,
    );
    expect(ticketed).toMatchObject({ receiver: "ticket", status: "firing" });
  }, 150_000);

  it("When a maintenance silence matches an alert, then nothing is notified until the silence is expired", async () => {
    const alertname = unique("FirebreakTestSilenced");
    const id = await createSilence([parseMatcher(`alertname=${alertname}`)], 3_600_000, "test maintenance window");
    expect((await listSilences()).find((s) => s.id === id)?.status.state).toBe("active");
    await postAlerts([{ labels: { alertname, severity: "page" } }]);
    // Three times the page route's group_wait: long enough for a notification to have gone out.
    await sleep(15_000);
    expect(await recorded(alertname)).toEqual([]);

    await expireSilence(id);
    await postAlerts([{ labels: { alertname, severity: "page" } }]);
    const after = await eventually(
      async () => ((await recorded(alertname)).length ? recorded(alertname) : undefined),
      90_000,
      `${alertname} after its silence expired`,
    );
    expect(after[0]).toMatchObject({ receiver: "page", status: "firing" });
  }, 150_000);

  it("When a silence or alerts query is malformed, then the CLI names the bad value and exits 2", () => {
    const badMatcher = firebreak("silence", "add", "alertname");
    expect(badMatcher.code).toBe(2);
    expect(badMatcher.stderr).toContain("bad matcher 'alertname'");
    const badDuration = firebreak("silence", "add", "alertname=X", "--duration", "soon");
    expect(badDuration.code).toBe(2);
    expect(badDuration.stderr).toContain("bad duration 'soon'");
    const badSince = firebreak("alerts", "--since", "yesterday");
    expect(badSince.code).toBe(2);
    expect(badSince.stderr).toContain("bad --since 'yesterday'");
  });
});

describe("every alert links to a runbook that opens", () => {
  it("When Prometheus's alerting rules are read, then each runbook_url answers 200 from the running stack", async () => {
    const response = await fetch(url(PORTS.prometheus, "/api/v1/rules?type=alert"));
    const { data } = (await response.json()) as {
      data: { groups: { rules: { name: string; annotations: { runbook_url?: string } }[] }[] };
    };
    const links = new Map(data.groups.flatMap((g) => g.rules).map((r) => [r.name, r.annotations.runbook_url ?? ""]));
    expect(links.size).toBeGreaterThanOrEqual(24);
    for (const link of new Set(links.values())) {
      const runbook = await fetch(link);
      expect(runbook.status, link).toBe(200);
      expect(await runbook.text(), link).toMatch(/^# \w+/);
    }
  });

  it("When an SLO alert's dashboard_url is followed, then Perses has that dashboard and the panel it opens", async () => {
    const response = await fetch(url(PORTS.prometheus, "/api/v1/rules?type=alert"));
    const { data } = (await response.json()) as {
      data: { groups: { rules: { name: string; annotations: { dashboard_url?: string } }[] }[] };
    };
    const links = new Set(data.groups.flatMap((g) => g.rules).flatMap((r) => r.annotations.dashboard_url ?? []));
    expect(links.size).toBe(2);
    for (const link of links) {
      const { pathname, searchParams } = new URL(link);
      const api = await fetch(url(PORTS.perses, `/api/v1${pathname}`));
      expect(api.status, link).toBe(200);
      const { spec } = (await api.json()) as { spec: { panels: Record<string, unknown> } };
      const { ref } = JSON.parse(searchParams.get("viewPanelRef")!) as { ref: string };
      expect(Object.keys(spec.panels), link).toContain(ref);
    }
  });
});
