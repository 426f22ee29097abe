import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";

/** One alert notification as Alertmanager's webhook (payload version 4) delivered it, and when. */
export interface RecordedAlert {
  receivedAt: string;
  receiver: string;
  status: "firing" | "resolved";
  alertname: string;
  severity?: string;
  labels: Record<string, string>;
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

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
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
 * which alerts fired and resolved, and when.
 */
export function createRecorder(file: string): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://recorder");
    if (req.method === "POST" && url.pathname === "/alerts") {
      body(req).then(
        (text) => record(file, text, res),
        () => res.writeHead(500).end(),
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
    problem(res, 404, "not found", [{ name: "path", reason: `${req.method} ${url.pathname} is not served here` }]);
  });
}
