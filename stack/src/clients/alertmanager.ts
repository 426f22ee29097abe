import { durationSeconds } from "../util/duration.js";
import { HOST, PORTS } from "../native/ports.js";
import { UsageError } from "../util/usage.js";
import type { RecordedAlert } from "../alert-recorder/recorder.js";
import { loadSecrets } from "../credentials/secrets.js";

const ALERTMANAGER = `http://${HOST}:${PORTS.alertmanager}/api/v2`;

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string;
  status: { state: "active" | "pending" | "expired" };
}

const MATCHER = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)(.+)$/;

/** name=value, name!=value, name=~regex or name!~regex, as amtool writes them. */
export function parseMatcher(text: string): Matcher {
  const match = MATCHER.exec(text);
  if (!match)
    throw new UsageError(`bad matcher '${text}': expected name=value, name!=value, name=~regex or name!~regex`);
  const [, name, op, value] = match as unknown as [string, string, string, string];
  return { name, value: value.replace(/^"(.*)"$/, "$1"), isRegex: op.includes("~"), isEqual: !op.startsWith("!") };
}

/** 30m, 2h or 1d: how long a silence lasts. */
export function parseDuration(text: string): number {
  const seconds = durationSeconds(text, ["m", "h", "d"]);
  if (!seconds) throw new UsageError(`bad duration '${text}': expected e.g. 30m, 2h or 1d`);
  return seconds * 1000;
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${ALERTMANAGER}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`Alertmanager ${init?.method ?? "GET"} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Creates a silence starting now; alerts it matches are not notified until it ends or is expired. */
export async function createSilence(matchers: Matcher[], durationMs: number, comment: string): Promise<string> {
  const startsAt = new Date();
  const body = {
    matchers,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + durationMs).toISOString(),
    createdBy: "firebreak",
    comment,
  };
  const created = await call<{ silenceID: string }>("/silences", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return created.silenceID;
}

export const listSilences = () => call<Silence[]>("/silences");

export const expireSilence = (id: string) => call<void>(`/silence/${encodeURIComponent(id)}`, { method: "DELETE" });

/** Posts alerts straight to Alertmanager, as Prometheus does; for drills and tests of the routing. */
export async function postAlerts(alerts: { labels: Record<string, string>; annotations?: Record<string, string> }[]) {
  await call<void>("/alerts", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(alerts.map((alert) => ({ ...alert, startsAt: new Date().toISOString() }))),
  });
}

/** The alerts the recorder received from Alertmanager, optionally since a time. */
export async function recordedAlerts(since?: Date): Promise<RecordedAlert[]> {
  const query = since ? `?since=${encodeURIComponent(since.toISOString())}` : "";
  const response = await fetch(`http://${HOST}:${PORTS.alertRecorder}/alerts${query}`, {
    headers: { authorization: `Bearer ${loadSecrets().apiKeys.alertRecorder}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the alert recorder answered ${response.status}`);
  return ((await response.json()) as { alerts: RecordedAlert[] }).alerts;
}
