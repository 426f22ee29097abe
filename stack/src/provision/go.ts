import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { GoSource } from "../native/manifest.js";
import { cachePaths, REPO_ROOT } from "../native/paths.js";
import { run } from "../util/exec.js";
import { step } from "../util/progress.js";

export function goEnv(): NodeJS.ProcessEnv {
  const { goModCache, goBuildCache } = cachePaths();
  return {
    ...process.env,
    GOMODCACHE: goModCache,
    GOCACHE: goBuildCache,
    GOFLAGS: "-mod=mod -buildvcs=false",
    GOTOOLCHAIN: "local",
    CGO_ENABLED: "0",
  };
}

/** Downloads one module version through the Go module proxy and returns its directory. */
export async function downloadModule(moduleAtVersion: string, logFile: string, pinnedSum?: string): Promise<string> {
  const env = goEnv();
  if (pinnedSum) env.GONOSUMDB = moduleAtVersion.split("@")[0];
  mkdirSync(cachePaths().cache, { recursive: true });
  const out = await run("go", ["mod", "download", "-json", moduleAtVersion], { env, cwd: cachePaths().cache, logFile });
  const info = JSON.parse(out) as { Dir?: string; Error?: string; Sum?: string };
  if (info.Error || !info.Dir) throw new Error(info.Error ?? `no directory for ${moduleAtVersion}`);
  if (pinnedSum && info.Sum !== pinnedSum) {
    throw new Error(`${moduleAtVersion} has checksum ${info.Sum}, but the manifest pins ${pinnedSum}`);
  }
  return info.Dir;
}

/** Keyed by version and by a digest of the recipe, so that changed build flags mean a new build. */
export function goBinDir(component: string, source: GoSource): string {
  const hash = createHash("sha256").update(JSON.stringify(source));
  // A changed patch file is a changed build, so its content is part of the cache key.
  for (const patch of Object.values(source.patches?.files ?? {})) hash.update(readFileSync(patchPath(patch)));
  const digest = hash.digest("hex").slice(0, 8);
  return join(cachePaths().bin, `${component}-${source.version}-${digest}`);
}

/**
 * Builds from a copy of the module rather than with `go install`: some modules carry
 * `replace` or `exclude` directives, which `go install mod@version` refuses, and module
 * zips keep vendor/modules.txt without the vendored packages, which breaks `go build`.
 */
export async function provisionGo(component: string, source: GoSource, logFile: string): Promise<string> {
  const binDir = goBinDir(component, source);
  if (existsSync(join(binDir, ".complete"))) return binDir;
  const srcDir = join(cachePaths().src, `${component}-${source.version}`);
  await step(component, `download ${source.module}@${source.version}`, () =>
    writableCopy(`${source.module}@${source.version}`, srcDir, { logFile, pinnedSum: source.sum }),
  );
  rmSync(join(srcDir, "vendor"), { recursive: true, force: true });
  for (const [dir, nested] of Object.entries(source.nestedModules ?? {})) {
    await step(component, `download nested module ${nested}`, () =>
      writableCopy(nested, join(srcDir, dir), { logFile }),
    );
  }
  await applyPatches(srcDir, source, logFile);
  const staging = `${binDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const build of source.builds) {
    const tags = source.tags?.length ? ["-tags", source.tags.join(",")] : [];
    const ldflags = ["-ldflags", ["-s -w", source.ldflags].filter(Boolean).join(" ")];
    await step(component, `go build ${build.binary}`, () =>
      run("go", ["build", "-trimpath", ...tags, ...ldflags, "-o", join(staging, build.binary), build.pkg], {
        cwd: srcDir,
        env: goEnv(),
        logFile,
      }),
    );
  }
  writeFileSync(join(staging, ".complete"), `${source.module}@${source.version}\n`);
  rmSync(binDir, { recursive: true, force: true });
  renameSync(staging, binDir);
  rmSync(srcDir, { recursive: true, force: true });
  return binDir;
}

const patchPath = (patch: string) => join(REPO_ROOT, "stack", "provision-patches", patch);

async function applyPatches(srcDir: string, source: GoSource, logFile: string): Promise<void> {
  if (!source.patches) return;
  for (const [target, patch] of Object.entries(source.patches.files)) {
    copyFileSync(patchPath(patch), join(srcDir, target));
  }
  for (const module of source.patches.dropRequires) {
    await run("go", ["mod", "edit", `-droprequire=${module}`], { cwd: srcDir, env: goEnv(), logFile });
  }
}

/**
 * A writable copy of a downloaded module, or of one folder of it, at `target` (replaced if there): the
 * module cache is read-only, and builds write into their sources. Returns the module's cache directory.
 */
export async function writableCopy(
  moduleAtVersion: string,
  target: string,
  options: { logFile: string; folder?: string; pinnedSum?: string },
): Promise<string> {
  const moduleDir = await downloadModule(moduleAtVersion, options.logFile, options.pinnedSum);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(moduleDir, options.folder ?? "."), target, { recursive: true });
  execFileSync("chmod", ["-R", "u+w", target]);
  return moduleDir;
}
