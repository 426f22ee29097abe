import { blocking, formatChecks } from "../doctor/check.js";
import { runDoctor } from "../doctor/index.js";
import type { Profile } from "../native/manifest.js";

/** firebreak doctor [--profile core|full] [--json]: exit 1 when a check blocks. */
export async function doctor(profile: Profile, json: boolean): Promise<number> {
  const checks = await runDoctor(profile);
  const ok = blocking(checks).length === 0;
  if (json) {
    process.stdout.write(`${JSON.stringify({ profile, ok, checks }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatChecks(checks)}\n\n`);
    process.stdout.write(
      ok ? `Ready for profile '${profile}'.\n` : `Blocked: fix each FAIL above, then run 'firebreak doctor' again.\n`,
    );
  }
  return ok ? 0 : 1;
}
