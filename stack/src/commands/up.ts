import type { Profile } from "../native/manifest.js";
import { startStack } from "../native/start.js";

/** firebreak up [--profile core|full] [--wait]. */
export async function up(profile: Profile, wait: boolean): Promise<number> {
  return startStack(profile, wait);
}
