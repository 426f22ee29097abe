import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NpmSource } from "../native/manifest.js";
import { cachePaths, REPO_ROOT } from "../native/paths.js";
import { run } from "../util/exec.js";
import { step } from "../util/progress.js";

/** Keyed by version; the package's files (e.g. bin/node) sit directly under it. */
export function npmPackageDir(component: string, source: NpmSource): string {
  return join(cachePaths().bin, `${component}-${source.version}`);
}

/** The form npm's dist.integrity takes: the algorithm, a dash, the base64 digest. */
export function sha512Integrity(file: string): string {
  return `sha512-${createHash("sha512").update(readFileSync(file)).digest("base64")}`;
}

/**
 * Through `npm pack`, so that the registry, proxy and credentials are whatever npm is configured
 * with (run from the checkout, a project .npmrc applies as it does to `npm ci`). The version is
 * exact and its integrity pinned, so a copy in npm's cache is used without asking the registry.
 */
async function downloadVerified(spec: string, source: NpmSource, staging: string, logFile: string): Promise<string> {
  const cache = ["--cache", cachePaths().npmCache, "--prefer-offline"];
  const packArgs = ["--json", "--ignore-scripts", ...cache, "--pack-destination", staging];
  const out = await run("npm", ["pack", spec, ...packArgs], { cwd: REPO_ROOT, logFile });
  const [packed] = JSON.parse(out) as { filename: string }[];
  if (!packed) throw new Error(`npm pack ${spec} produced no tarball`);
  const tarball = join(staging, packed.filename);
  const integrity = sha512Integrity(tarball);
  if (integrity !== source.integrity) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`the tarball of ${spec} has integrity ${integrity}, but the manifest pins ${source.integrity}`);
  }
  return tarball;
}

export async function provisionNpm(component: string, source: NpmSource, logFile: string): Promise<string> {
  const dir = npmPackageDir(component, source);
  // The marker holds the integrity the package was verified against, so a changed pin is checked again.
  const marker = join(dir, ".complete");
  if (existsSync(marker) && readFileSync(marker, "utf8") === source.integrity) return dir;
  const spec = `${source.package}@${source.version}`;
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const tarball = await step(component, `download ${spec} with npm and verify its integrity`, () =>
    downloadVerified(spec, source, staging, logFile),
  );
  await step(component, `unpack ${spec}`, async () => {
    await run("tar", ["-xzf", tarball, "-C", staging, "--strip-components=1"], { logFile });
    rmSync(tarball);
    const reported = await run(join(staging, source.binary), ["--version"], { logFile });
    if (!reported.includes(source.version)) {
      throw new Error(`${source.binary} reports ${reported.trim()}, not ${source.version}`);
    }
  });
  writeFileSync(join(staging, ".complete"), source.integrity);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}
