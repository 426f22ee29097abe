import type { Profile } from "../manifest.js";
import { startStack } from "../start.js";

/** firebreak up [--profile core|full] [--wait]. */
export async function up(profile: Profile, wait: boolean): Promise<number> {
  return startStack(profile, wait);
}
