import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { cachePaths } from "../native/paths.js";
import { run } from "../util/exec.js";
import { writableCopy } from "./go.js";
import { sha512Integrity } from "./npm.js";

/**
 * npm packages the Perses UI's lock names that the npm registry here does not serve at that version.
 * Each is built from the Go module that carries its TypeScript source and packed, and the lock is
 * pointed at the tarball: @perses-dev/spec and @perses-dev/client are not served at all, explore
 * stops at a release candidate, and core 0.53.0 (which plugin-system 0.54.0 pins) only as betas.
 */
export const UI_PACKAGES = {
  spec: { module: "github.com/perses/spec@v0.2.0", tarball: "perses-dev-spec-0.2.0.tgz" },
  core: { module: "github.com/perses/perses@v0.53.0", tarball: "perses-dev-core-0.53.0.tgz" },
  client: { module: "github.com/perses/shared@v0.54.0", tarball: "perses-dev-client-0.54.0.tgz" },
  explore: { module: "github.com/perses/shared@v0.54.0", tarball: "perses-dev-explore-0.54.0.tgz" },
} as const;

/** core's build tools and dependencies at the versions its release used; it has no lock of its own. */
const CORE_BUILD_DEPENDENCIES = [
  "@swc/cli@0.7.8",
  "@swc/core@1.11.9",
  "typescript@5.4.5",
  "@types/lodash@4.17.16",
  "date-fns@4.1.0",
  "lodash@4.17.23",
  "mathjs@10.6.4",
  "numbro@2.5.0",
  "zod@3.25.76",
];

export const npmFlags = () => ["--cache", cachePaths().npmCache, "--no-audit", "--no-fund"];

/** Points package-lock entries (e.g. node_modules/@perses-dev/spec) at local tarballs, with their integrity. */
export function relock(lockFile: string, entries: Record<string, string>): void {
  const lock = JSON.parse(readFileSync(lockFile, "utf8")) as { packages: Record<string, Record<string, string>> };
  for (const [key, tarball] of Object.entries(entries)) {
    const entry = lock.packages[key];
    if (!entry) throw new Error(`${lockFile} has no entry ${key}`);
    entry.resolved = `file:${relative(join(lockFile, ".."), tarball)}`;
    entry.integrity = sha512Integrity(tarball);
  }
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
}

/** Builds the four packages into `tarballs` and returns each tarball's path by package. */
export async function buildUiPackages(
  work: string,
  logFile: string,
): Promise<Record<keyof typeof UI_PACKAGES, string>> {
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs, { recursive: true });
  const out = (name: keyof typeof UI_PACKAGES) => join(tarballs, UI_PACKAGES[name].tarball);
  const pack = (cwd: string) => run("npm", ["pack", ...npmFlags(), "--pack-destination", tarballs], { cwd, logFile });

  const spec = join(work, "spec");
  await writableCopy(UI_PACKAGES.spec.module, spec, { folder: "ts", logFile });
  await run("npm", ["ci", ...npmFlags()], { cwd: spec, logFile });
  await run("npm", ["run", "build"], { cwd: spec, logFile });
  await pack(spec);

  // core alone with the build configs it reads from ../, outside the ui workspace, which would pull
  // in the other workspaces' dependencies at versions this registry does not serve.
  const core = join(work, "ui-0.53", "core");
  const ui053 = join(await writableCopy(UI_PACKAGES.core.module, core, { folder: "ui/core", logFile }), "ui");
  for (const file of [".swcrc", ".cjs.swcrc", "tsconfig.base.json"])
    copyFileSync(join(ui053, file), join(core, "..", file));
  const install = ["install", ...npmFlags(), "--no-save", "--no-package-lock", ...CORE_BUILD_DEPENDENCIES];
  await run("npm", install, { cwd: core, logFile });
  await run("npx", ["swc", "./src", "-d", "dist/cjs", "--strip-leading-paths", "--config-file", "../.cjs.swcrc"], {
    cwd: core,
    logFile,
  });
  await run("npx", ["swc", "./src", "-d", "dist", "--strip-leading-paths", "--config-file", "../.swcrc"], {
    cwd: core,
    logFile,
  });
  await run("npx", ["tsc", "--project", "tsconfig.build.json"], { cwd: core, logFile });
  await pack(core);

  const shared = join(work, "shared");
  await writableCopy(UI_PACKAGES.client.module, shared, { logFile });
  relock(join(shared, "package-lock.json"), {
    "node_modules/@perses-dev/spec": out("spec"),
    "node_modules/@perses-dev/core": out("core"),
  });
  await run("npm", ["ci", ...npmFlags()], { cwd: shared, logFile });
  const turbo = ["turbo", "run", "build", "--filter=@perses-dev/client", "--filter=@perses-dev/explore"];
  await run("npx", turbo, { cwd: shared, logFile });
  await pack(join(shared, "client"));
  await pack(join(shared, "explore"));

  return { spec: out("spec"), core: out("core"), client: out("client"), explore: out("explore") };
}
