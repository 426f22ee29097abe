import { humanSummary, summarize } from "../load/summary.js";
import { loadRequest, runK6 } from "../load/run.js";

/**
 * firebreak load <profile> [--rate R] [--duration D] [--target URL]: k6 with the profile's arrival
 * rate, metrics remote-written to Prometheus, a summary JSON (printed with --json) and exit 1 when an SLO
 * threshold fails.
 */
export async function load(
  profile: string | undefined,
  options: { rate?: string; duration?: string; target?: string; json?: boolean },
): Promise<number> {
  const request = loadRequest(profile, options);
  const { exitCode, dir } = await runK6(request);
  const summary = summarize(request, dir, exitCode);
  process.stdout.write(options.json ? `${JSON.stringify({ ...summary, dir }, null, 2)}\n` : humanSummary(summary, dir));
  return summary.thresholdsPassed ? 0 : 1;
}
