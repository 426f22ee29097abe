import type { Profile } from "../native/manifest.js";
import { provision } from "../provision/index.js";
import { formatElapsed } from "../util/progress.js";

export async function install(profile: Profile): Promise<number> {
  const started = Date.now();
  const results = await provision(profile);
  process.stdout.write(`\nProvisioned profile '${profile}' in ${formatElapsed(Date.now() - started)}:\n`);
  for (const result of results) {
    process.stdout.write(
      `  ${result.component.padEnd(16)} ${result.seconds.toFixed(1).padStart(7)}s  ${result.location}\n`,
    );
  }
  return 0;
}
