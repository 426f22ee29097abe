import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { K6_REPORT } from "../clients/k6.js";
import type { LoadRequest } from "./run.js";

interface K6Metric {
  count?: number;
  rate?: number;
  value?: number;
  "p(50)"?: number;
  "p(99)"?: number;
  /** k6's legacy export: threshold expression → true when it was crossed (failed). */
  thresholds?: Record<string, boolean>;
}

export interface Acknowledgements {
  acknowledged: { orderId: string; key: string }[];
  /** The answers to placements sent again with the same Idempotency-Key: each must name the key's one order. */
  retried: { orderId: string; key: string }[];
  refused: string[];
  unknown: string[];
}

export interface LoadSummary {
  testId: string;
  profile: string;
  target: string;
  k6ExitCode: number;
  /** k6's web-dashboard report of the run (self-contained HTML), beside this summary, when k6 wrote it. */
  report?: string;
  thresholdsPassed: boolean;
  thresholds: { metric: string; threshold: string; passed: boolean }[];
  iterations: number;
  iterationsPerSecond: number;
  droppedIterations: number;
  httpRequests: number;
  httpFailedRate: number;
  placeOrderMs: { p50?: number; p99?: number };
  orders: { acknowledged: number; refused: number; unknown: number; retried: number };
}

/**
 * The acknowledgement log the k6 script writes: `ack <id> <key>`, `retried <id> <key>` (the answer to
 * the same request sent again with its key), `refused <key> <status>`, `unknown <key> <status>`.
 */
export function readAcknowledgements(dir: string): Acknowledgements {
  const file = join(dir, "acks.log");
  const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
  const acks: Acknowledgements = { acknowledged: [], retried: [], refused: [], unknown: [] };
  for (const line of lines) {
    // k6 writes console lines as logfmt: msg="ack <id> <key>".
    const words = /msg="(ack|retried|refused|unknown) ([^\s"]+)(?: ([^\s"]+))?/.exec(line);
    if (!words) continue;
    if (words[1] === "ack") acks.acknowledged.push({ orderId: words[2]!, key: words[3] ?? "" });
    else if (words[1] === "retried") acks.retried.push({ orderId: words[2]!, key: words[3] ?? "" });
    else acks[words[1] as "refused" | "unknown"].push(words[2]!);
  }
  return acks;
}

export function summarize(request: LoadRequest, dir: string, k6ExitCode: number): LoadSummary {
  if (!existsSync(join(dir, "k6-summary.json"))) {
    throw new Error(`k6 exited ${k6ExitCode} before it wrote a summary; its own message is above`);
  }
  const exported = JSON.parse(readFileSync(join(dir, "k6-summary.json"), "utf8")) as {
    metrics: Record<string, K6Metric>;
  };
  const metrics = exported.metrics;
  const thresholds = Object.entries(metrics).flatMap(([metric, values]) =>
    Object.entries(values.thresholds ?? {}).map(([threshold, crossed]) => ({ metric, threshold, passed: !crossed })),
  );
  const acks = readAcknowledgements(dir);
  const placement = metrics["http_req_duration{op:place_order}"] ?? {};
  const summary: LoadSummary = {
    testId: request.testId,
    profile: request.profile.name,
    target: request.target,
    k6ExitCode,
    ...(existsSync(join(dir, K6_REPORT)) ? { report: K6_REPORT } : {}),
    thresholdsPassed: k6ExitCode === 0 && thresholds.every((t) => t.passed),
    thresholds,
    iterations: metrics.iterations?.count ?? 0,
    iterationsPerSecond: Math.round((metrics.iterations?.rate ?? 0) * 10) / 10,
    droppedIterations: metrics.dropped_iterations?.count ?? 0,
    httpRequests: metrics.http_reqs?.count ?? 0,
    httpFailedRate: metrics.http_req_failed?.value ?? 0,
    placeOrderMs: { p50: placement["p(50)"], p99: placement["p(99)"] },
    orders: {
      acknowledged: acks.acknowledged.length,
      refused: acks.refused.length,
      unknown: acks.unknown.length,
      retried: acks.retried.length,
    },
  };
  writeFileSync(join(dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

const ms = (value: number | undefined) => (value === undefined ? "-" : `${Math.round(value)} ms`);

export function humanSummary(summary: LoadSummary, dir: string): string {
  const lines = [
    `load ${summary.profile} (${summary.testId}) against ${summary.target}`,
    `  operations: ${summary.iterations} at ${summary.iterationsPerSecond}/s, dropped ${summary.droppedIterations}`,
    `  HTTP: ${summary.httpRequests} requests, ${(summary.httpFailedRate * 100).toFixed(2)}% failed`,
    `  order placement: p50 ${ms(summary.placeOrderMs.p50)}, p99 ${ms(summary.placeOrderMs.p99)}`,
    `  orders: ${summary.orders.acknowledged} acknowledged, ${summary.orders.refused} refused, ${summary.orders.unknown} with unknown outcome; ${summary.orders.retried} sent again with the same key`,
    ...summary.thresholds.map((t) => `  ${t.passed ? "✓" : "✗"} ${t.metric}: ${t.threshold}`),
    `  thresholds (from the SLO specs): ${summary.thresholdsPassed ? "passed" : "FAILED"}`,
    `  summary: ${join(dir, "summary.json")}`,
    ...(summary.report ? [`  report:  ${join(dir, summary.report)} (k6's web dashboard, open it in a browser)`] : []),
  ];
  return `${lines.join("\n")}\n`;
}
