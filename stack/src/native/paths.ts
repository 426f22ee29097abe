import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The root of this Firebreak checkout. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Downloads and builds, shared by every checkout on the machine and keyed by version. */
export function cacheDir(): string {
  const xdgCache = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return resolve(process.env.FIREBREAK_CACHE ?? join(xdgCache, "firebreak"));
}

/** The running stack of this checkout: rendered configs, data, logs, the supervisor socket. */
export function stateDir(): string {
  return resolve(process.env.FIREBREAK_STATE ?? join(REPO_ROOT, ".firebreak"));
}

export const stackPaths = () => {
  const state = stateDir();
  return {
    state,
    conf: join(state, "conf"),
    data: join(state, "data"),
    logs: join(state, "logs"),
    credentials: join(state, "credentials"),
    socket: join(state, "process-compose.sock"),
    supervisorLog: join(state, "logs", "process-compose.log"),
  };
};

export const cachePaths = () => {
  const cache = cacheDir();
  return {
    cache,
    bin: join(cache, "bin"),
    src: join(cache, "src"),
    logs: join(cache, "logs"),
    goModCache: join(cache, "go", "mod"),
    goBuildCache: join(cache, "go", "build"),
    mavenRepo: join(cache, "maven"),
    npmCache: join(cache, "npm"),
  };
};
