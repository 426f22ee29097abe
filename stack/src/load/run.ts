import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildProfile, ProfileError, type Profile } from "@firebreak/loadtests/profiles";

export { durationSeconds } from "@firebreak/loadtests/profiles";
import { devToken } from "../credentials/dev-token.js";
import { syntheticCustomers } from "../native/seed.js";
import { K6_REPORT, k6Binary, k6RemoteWrite } from "../clients/k6.js";
import { REPO_ROOT, stackPaths } from "../native/paths.js";
import { HOST, PORTS } from "../native/ports.js";
import { UsageError } from "../util/usage.js";
import { durationSeconds } from "../util/duration.js";

export const K6_SCRIPT = join(REPO_ROOT, "loadtests", "scripts", "orders.ts");
const CUSTOMERS = 200;

export interface LoadRequest {
  profile: Profile;
  rate?: number;
  durationSeconds?: number;
  target: string;
  testId: string;
}

/** `--duration` as 90, 90s, 10m or 2h. */
export function parseDuration(text: string): number {
  const seconds = durationSeconds(text, ["s", "m", "h"], { bare: true });
  if (seconds === undefined) throw new UsageError(`bad --duration '${text}': expected seconds or e.g. 90s, 10m, 2h`);
  return seconds;
}

export function parseRate(text: string): number {
  const rate = Number(text);
  if (text.trim() === "" || !Number.isFinite(rate) || rate <= 0) {
    throw new UsageError(`bad --rate '${text}': expected operations per second, e.g. 115.7`);
  }
  return rate;
}

export function parseTarget(text: string | undefined): string {
  const target = text ?? `http://${HOST}:${PORTS.gateway}`;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`bad --target '${target}': expected an http(s) URL of a Firebreak gateway`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`bad --target '${target}': expected an http(s) URL of a Firebreak gateway`);
  }
  return target.replace(/\/$/, "");
}

/** Validates everything before anything runs: a bad name, rate, duration or target exits 2. */
export function loadRequest(name: string | undefined, options: { rate?: string; duration?: string; target?: string }) {
  if (!name) throw new UsageError("load needs a profile: smoke, average, peak, stress, spike, soak or breakpoint");
  const rate = options.rate === undefined ? undefined : parseRate(options.rate);
  const durationSeconds = options.duration === undefined ? undefined : parseDuration(options.duration);
  sameKeyRetryShare(); // a bad value is refused before anything starts
  let profile: Profile;
  try {
    profile = buildProfile(name, { ...(rate ? { rate } : {}), ...(durationSeconds ? { durationSeconds } : {}) });
  } catch (error) {
    if (error instanceof ProfileError) throw new UsageError(error.message);
    throw error;
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  return { profile, rate, durationSeconds, target: parseTarget(options.target), testId: `${name}-${stamp}` };
}

export const loadDir = (testId: string) => join(stackPaths().state, "load", testId);

export interface K6Options {
  /** Stops k6 early (SIGINT: it still writes its summary). */
  signal?: AbortSignal;
  /** k6's own output goes to k6.log in the run's directory instead of the terminal. */
  quiet?: boolean;
}

/** FIREBREAK_SAME_KEY_RETRY_SHARE: the share of accepted placements the script sends again with the same key. */
export function sameKeyRetryShare(value = process.env.FIREBREAK_SAME_KEY_RETRY_SHARE): number {
  if (value === undefined || value === "") return 0.01;
  const share = Number(value);
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new UsageError(`FIREBREAK_SAME_KEY_RETRY_SHARE must be a number from 0 to 1, got '${value}'`);
  }
  return share;
}

/** Runs k6 with the profile; resolves to k6's exit code (99 = a threshold failed). */
export async function runK6(request: LoadRequest, options: K6Options = {}): Promise<{ exitCode: number; dir: string }> {
  const dir = loadDir(request.testId);
  mkdirSync(dir, { recursive: true });
  const customers = await Promise.all(
    (await syntheticCustomers(CUSTOMERS)).map(async (customerId) => ({
      customerId,
      token: await devToken(customerId),
    })),
  );
  writeFileSync(join(dir, "tokens.json"), JSON.stringify(customers), { mode: 0o600 });
  // Analytics reads across customers: the mix asks for it as an operator, as a dashboard would.
  writeFileSync(join(dir, "operator-token"), await devToken("operator", { operator: true }), { mode: 0o600 });
  const remoteWrite = k6RemoteWrite(request.testId);
  const args = [
    "run",
    ...remoteWrite.args,
    `--console-output=${join(dir, "acks.log")}`,
    `--summary-export=${join(dir, "k6-summary.json")}`,
    K6_SCRIPT,
  ];
  const env = {
    ...process.env,
    ...remoteWrite.env,
    PROFILE: request.profile.name,
    ...(request.rate ? { RATE: String(request.rate) } : {}),
    ...(request.durationSeconds ? { DURATION_SECONDS: String(request.durationSeconds) } : {}),
    TOKENS_FILE: join(dir, "tokens.json"),
    OPERATOR_TOKEN_FILE: join(dir, "operator-token"),
    TARGET_URL: request.target,
    TEST_ID: request.testId,
    SAME_KEY_RETRY_SHARE: String(sameKeyRetryShare()),
    // k6's built-in web dashboard, without its live server (port -1), exporting its HTML report at the
    // end. It skips a run shorter than a few periods and keeps at most 2,880 points, so the period
    // follows the duration: 1 s for a smoke test, longer for a soak.
    K6_WEB_DASHBOARD: "true",
    K6_WEB_DASHBOARD_PORT: "-1",
    K6_WEB_DASHBOARD_PERIOD: `${Math.min(10, Math.max(1, Math.ceil((request.durationSeconds ?? 3600) / 1440)))}s`,
    K6_WEB_DASHBOARD_EXPORT: join(dir, K6_REPORT),
  };
  // k6's own progress and summary go to stderr, so that stdout carries only what the CLI reports.
  const output = options.quiet ? openSync(join(dir, "k6.log"), "a") : process.stderr.fd;
  const child = spawn(k6Binary(), args, { env, stdio: ["ignore", output, output] });
  options.signal?.addEventListener("abort", () => child.kill("SIGINT"), { once: true });
  const exitCode = await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  if (options.quiet) closeSync(output);
  return { exitCode, dir };
}
