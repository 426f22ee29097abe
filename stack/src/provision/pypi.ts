import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AptSource, PypiSource } from "../native/manifest.js";
import { cachePaths, REPO_ROOT } from "../native/paths.js";
import { run } from "../util/exec.js";
import { step } from "../util/progress.js";
import { provisionApt } from "./apt.js";

/** Debian's own Python: the lock's hashes are for its wheels (CPython 3.11 on x86_64). */
const DEBIAN_PYTHON = "/usr/bin/python3";
const VENV_PACKAGES: AptSource = { kind: "apt", packages: ["python3-venv"], versionPrefix: "3.11" };

const lockPath = (source: PypiSource) => join(REPO_ROOT, source.lock);

/** Keyed by version and by a digest of the lock, so that a moved pin of any dependency is a new venv. */
export function pypiVenvDir(component: string, source: PypiSource): string {
  const digest = createHash("sha256")
    .update(readFileSync(lockPath(source)))
    .digest("hex")
    .slice(0, 8);
  return join(cachePaths().bin, `${component}-${source.version}-${digest}`);
}

export function pypiBinary(component: string, source: PypiSource): string {
  return join(pypiVenvDir(component, source), "bin", source.binary);
}

/**
 * A virtual environment of Debian's Python, filled from the lock with every file's hash required,
 * so nothing the lock does not name (or names with another hash) is installed. pip asks whatever
 * index it is configured with, as npm and the Go proxy are.
 */
export async function provisionPypi(component: string, source: PypiSource, logFile: string): Promise<string> {
  const dir = pypiVenvDir(component, source);
  if (existsSync(join(dir, ".complete"))) return dir;
  await provisionApt(component, VENV_PACKAGES, logFile);
  // Built in place, not renamed into place, because a venv's scripts name their interpreter by
  // absolute path; the marker written last is what says the venv is whole.
  rmSync(dir, { recursive: true, force: true });
  await step(component, `create a Python venv`, () => run(DEBIAN_PYTHON, ["-m", "venv", dir], { logFile }));
  const pip = join(dir, "bin", "pip");
  const install = ["install", "--require-hashes", "--no-deps", "--disable-pip-version-check"];
  await step(component, `pip install ${source.package}==${source.version} from ${source.lock}`, () =>
    run(pip, [...install, "-r", lockPath(source)], { logFile }),
  );
  const reported = await run(join(dir, "bin", source.binary), ["--version"], { logFile });
  if (!reported.includes(source.version)) {
    throw new Error(`${source.binary} reports ${reported.trim()}, not ${source.version}`);
  }
  writeFileSync(join(dir, ".complete"), source.version);
  return dir;
}
