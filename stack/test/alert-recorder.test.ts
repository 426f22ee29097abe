import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRecorder, MAX_BODY_BYTES, readRecorded } from "../src/alert-recorder/recorder.js";
import { RUNBOOKS_DIR } from "../src/alert-recorder/runbooks.js";

const KEY = "recorder-key-for-the-tests";
const dir = mkdtempSync(join(tmpdir(), "alert-recorder-"));
const file = join(dir, "alerts.jsonl");
const server = createRecorder(file, KEY).listen(0, "127.0.0.1");
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (path = "/alerts") => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
const notification = (alertname: string) => ({
  version: "4",
  receiver: "page",
  alerts: [
    {
      status: "firing",
      labels: { alertname, severity: "page" },
      startsAt: "2026-12-04T06:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
      fingerprint: "f1",
    },
  ],
});
const post = (body: string, authorization?: string) =>
  fetch(url(), {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });

describe("the alert recorder", () => {
  it("When a notification comes without the recorder key or with another, then it is 401 and nothing is recorded", async () => {
    for (const authorization of [undefined, "Bearer forged", `Basic ${KEY}`]) {
      const refused = await post(JSON.stringify(notification("Forged")), authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
    expect((await fetch(url())).status).toBe(401);
    expect(readRecorded(file).map((alert) => alert.alertname)).not.toContain("Forged");
  });

  it("When Alertmanager posts with the key, then the alert is recorded and listed to a reader with the key", async () => {
    expect((await post(JSON.stringify(notification("Real")), `Bearer ${KEY}`)).status).toBe(204);
    const listed = await fetch(url(), { headers: { authorization: `Bearer ${KEY}` } });
    expect(listed.status).toBe(200);
    const { alerts } = (await listed.json()) as { alerts: { alertname: string; receiver: string }[] };
    expect(alerts).toContainEqual(expect.objectContaining({ alertname: "Real", receiver: "page" }));
  });

  it("When a body is larger than the cap, then it is a 413 problem and nothing is recorded", async () => {
    const before = readRecorded(file).length;
    const huge = JSON.stringify({ ...notification("Huge"), pad: "x".repeat(MAX_BODY_BYTES) });
    const refused = await post(huge, `Bearer ${KEY}`);
    expect(refused.status).toBe(413);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(readRecorded(file)).toHaveLength(before);
  });

  it("When an alert's runbook is asked for, then it is served without a key, and nothing outside the runbooks is", async () => {
    const runbook = await fetch(url("/runbooks/SagaCompletionFastBurn.md"));
    expect(runbook.status).toBe(200);
    expect(runbook.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await runbook.text();
    const source = readFileSync(join(RUNBOOKS_DIR, "SagaCompletionFastBurn.md"), "utf8");
    // The same runbook, with its dashboard and panel names linked to Perses.
    expect(text.replaceAll(/\[([^\]]+)\]\([^)]+\)/g, "*$1*")).toBe(source);
    expect(text).toContain(
      "[Firebreak / SLO overview](http://127.0.0.1:18090/projects/firebreak/dashboards/firebreak-slo-overview)",
    );
    expect(text).toContain(
      `(http://127.0.0.1:18090/projects/firebreak/dashboards/firebreak-saga-pipeline?viewPanelRef=${encodeURIComponent('{"ref":"consumer_lag"}')})`,
    );
    for (const path of ["/runbooks/NoSuchAlert.md", "/runbooks/..%2F..%2Fpackage.json", "/runbooks/../package.json"]) {
      const refused = await fetch(url(path));
      expect(refused.status, path).toBe(404);
      expect(refused.headers.get("content-type"), path).toBe("application/problem+json");
    }
  });
});
