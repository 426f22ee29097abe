import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "@firebreak/platform";
import { isAlive } from "../native/pids.js";
import { say } from "../util/progress.js";

const POLL_MS = 2_000;

/** Undefined when this process took the lock; otherwise the holder's pid (0 while it is unknown). */
function tryTake(lockDir: string): number | undefined {
  try {
    mkdirSync(lockDir);
    writeFileSync(join(lockDir, "pid"), String(process.pid));
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const holder = readHolder(lockDir);
  if (holder > 0 && isAlive(holder)) return holder;
  // A dead holder, or one that never wrote its pid: its half-built staging directories are rebuilt anyway.
  const takenAt = statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
  const orphaned = holder > 0 || Date.now() - takenAt > 10 * POLL_MS;
  if (!orphaned) return 0;
  rmSync(lockDir, { recursive: true, force: true });
  return tryTake(lockDir);
}

function readHolder(lockDir: string): number {
  try {
    return Number(readFileSync(join(lockDir, "pid"), "utf8")) || 0;
  } catch {
    return 0;
  }
}

/**
 * Two Firebreak commands on one machine (`npm start` in one checkout, `npm test` in another) share one
 * cache: a second build of the same component would rename the first one's staging directory away.
 * Provisioning therefore holds a machine-wide lock; the second command waits and then finds the cache warm.
 */
export async function withCacheLock<T>(cache: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(cache, { recursive: true });
  const lockDir = join(cache, "provision.lock");
  let announced = false;
  for (let holder = tryTake(lockDir); holder !== undefined; holder = tryTake(lockDir)) {
    if (holder > 0 && !announced) say("cache", `waiting for process ${holder}, which is provisioning into ${cache}`);
    announced ||= holder > 0;
    await sleep(POLL_MS);
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
