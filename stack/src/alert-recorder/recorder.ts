import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import { bearerMatches } from "@firebreak/platform";
import { serveRunbook } from "./runbooks.js";

/** One alert notification as Alertmanager's webhook (payload version 4) delivered it, and when. */
export interface RecordedAlert {
  receivedAt: string;
  receiver: string;
  status: "firing" | "resolved";
  alertname: string;
  severity?: string;
  labels: Record<string, string>;
  /** The rule's annotations: summary, description, runbook_url, dashboard_url. */
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
}

const webhookPayload = z.object({
  version: z.literal("4"),
  receiver: z.string(),
  alerts: z.array(
    z.object({
      status: z.enum(["firing", "resolved"]),
      labels: z.record(z.string(), z.string()),
      annotations: z.record(z.string(), z.string()).optional(),
      startsAt: z.string(),
      endsAt: z.string(),
      fingerprint: z.string(),
    }),
  ),
});

function problem(res: ServerResponse, status: number, title: string, invalid: { name: string; reason: string }[]) {
  res.writeHead(status, { "content-type": "application/problem+json" });
  res.end(JSON.stringify({ status, title, "invalid-params": invalid }));
}

/** Far above a notification of a few hundred alerts; a larger body is refused, not buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

class TooLarge extends Error {}

/** The body, or TooLarge once all of it has gone by: past the cap it is discarded, not kept. */
async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req) {
    bytes += (chunk as Buffer).length;
    if (bytes <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
    else chunks.length = 0;
  }
  if (bytes > MAX_BODY_BYTES) throw new TooLarge();
  return Buffer.concat(chunks).toString("utf8");
}

export function readRecorded(file: string): RecordedAlert[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedAlert);
}

function record(file: string, text: string, res: ServerResponse): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return problem(res, 400, "the body is not JSON", [{ name: "body", reason: "not JSON" }]);
  }
  const parsed = webhookPayload.safeParse(json);
  if (!parsed.success) {
    const invalid = parsed.error.issues.map((issue) => ({
      name: issue.path.join(".") || "body",
      reason: issue.message,
    }));
    return problem(res, 400, "not an Alertmanager webhook payload (version 4)", invalid);
  }
  const receivedAt = new Date().toISOString();
  const lines = parsed.data.alerts.map((alert) =>
    JSON.stringify({
      receivedAt,
      receiver: parsed.data.receiver,
      status: alert.status,
      alertname: alert.labels.alertname ?? "",
      ...(alert.labels.severity ? { severity: alert.labels.severity } : {}),
      labels: alert.labels,
      ...(alert.annotations ? { annotations: alert.annotations } : {}),
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
      fingerprint: alert.fingerprint,
    } satisfies RecordedAlert),
  );
  appendFileSync(file, lines.map((line) => `${line}\n`).join(""));
  res.writeHead(204).end();
}

/**
 * Alertmanager's webhook receiver: POST /alerts appends every notified alert to a JSON-lines file,
 * GET /alerts lists them (optionally ?since=<ISO time>), so tests and chaos experiments can assert
 * which alerts fired and resolved, and when. A chaos verdict rests on these records, so both need the
 * stack's recorder key (Alertmanager's webhook sends it as a bearer credential); /readyz and the
 * runbooks that alerts link to (GET /runbooks/<Alert>.md) do not.
 */
export function createRecorder(file: string, key: string): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://recorder");
    if (url.pathname === "/alerts" && !bearerMatches(req.headers.authorization, key)) {
      res.setHeader("www-authenticate", 'Bearer realm="firebreak-alert-recorder"');
      // The connection closes: an unauthenticated body is never read.
      res.setHeader("connection", "close");
      return problem(res, 401, "the recorder key is required", [
        { name: "Authorization", reason: "missing or wrong bearer key" },
      ]);
    }
    if (req.method === "POST" && url.pathname === "/alerts") {
      body(req).then(
        (text) => record(file, text, res),
        (error: unknown) =>
          error instanceof TooLarge
            ? problem(res, 413, "the body is too large", [
                { name: "body", reason: `more than ${MAX_BODY_BYTES} bytes` },
              ])
            : res.writeHead(400).end(),
      );
      return;
    }
    if (req.method === "GET" && url.pathname === "/alerts") {
      const since = url.searchParams.get("since");
      if (since !== null && Number.isNaN(Date.parse(since))) {
        return problem(res, 400, "since is not a time", [{ name: "since", reason: "expected an ISO 8601 time" }]);
      }
      const alerts = readRecorded(file).filter((alert) => since === null || alert.receivedAt >= since);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ alerts }));
      return;
    }
    if (req.method === "GET" && url.pathname === "/readyz") return void res.writeHead(200).end("ready");
    if (req.method === "GET" && serveRunbook(url.pathname, res)) return;
    problem(res, 404, "not found", [{ name: "path", reason: `${req.method} ${url.pathname} is not served here` }]);
  });
}
