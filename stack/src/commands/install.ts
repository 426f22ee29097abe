import type { Profile } from "../native/manifest.js";
import { preflight } from "../doctor/index.js";
import { provision } from "../provision/index.js";
import { formatElapsed } from "../util/progress.js";

/** firebreak install [--profile core|full] [--json]: progress on stderr, the result on stdout. */
export async function install(profile: Profile, json = false): Promise<number> {
  const started = Date.now();
  await preflight(profile, false);
  const results = await provision(profile);
  if (json) {
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ profile, seconds, components: results }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`\nProvisioned profile '${profile}' in ${formatElapsed(Date.now() - started)}:\n`);
  for (const result of results) {
    process.stdout.write(
      `  ${result.component.padEnd(16)} ${result.seconds.toFixed(1).padStart(7)}s  ${result.location}\n`,
    );
  }
  return 0;
}
