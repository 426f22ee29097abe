import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PersesSource } from "../native/manifest.js";
import { cachePaths } from "../native/paths.js";
import { run } from "../util/exec.js";
import { step } from "../util/progress.js";
import { goEnv, writableCopy } from "./go.js";
import { provisionPersesPlugins } from "./perses-plugins.js";
import { buildUiPackages, npmFlags, relock, UI_PACKAGES } from "./perses-packages.js";

/** perses and percli, and plugins/ (the folder the server loads its plugins from). */
export function persesDir(source: PersesSource): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([source, UI_PACKAGES]))
    .digest("hex")
    .slice(0, 8);
  return join(cachePaths().bin, `perses-${source.version}-${digest}`);
}

/**
 * The Perses server with its UI embedded, as the module's Makefile builds it (build-ui, then
 * compress_assets.sh and go generate, then go build), except that the UI's lock is first pointed
 * at the packages the npm registry does not serve (perses-packages.ts), and that plugins come from
 * npm and the Go module proxy instead of the release archives the Makefile downloads.
 */
export async function provisionPerses(source: PersesSource, logFile: string): Promise<string> {
  const dir = persesDir(source);
  await step("perses", `assemble ${source.plugins.length} plugins from npm and their schemas`, () =>
    provisionPersesPlugins(source, logFile),
  );
  if (existsSync(join(dir, ".complete"))) return dir;
  const work = join(cachePaths().src, `perses-${source.version}`);
  const staging = `${dir}.partial`;
  for (const path of [work, staging]) rmSync(path, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });

  const tarballs = await step("perses", "build the UI's packages that npm does not serve", () =>
    buildUiPackages(work, logFile),
  );
  const src = join(work, "perses");
  await step("perses", `download ${source.module}@${source.version}`, () =>
    writableCopy(`${source.module}@${source.version}`, src, { logFile }),
  );
  const ui = join(src, "ui");
  await step("perses", "npm ci and build the UI (rspack)", async () => {
    relock(join(ui, "package-lock.json"), {
      "node_modules/@perses-dev/spec": tarballs.spec,
      "node_modules/@perses-dev/client": tarballs.client,
      "node_modules/@perses-dev/explore": tarballs.explore,
      "node_modules/@perses-dev/plugin-system/node_modules/@perses-dev/core": tarballs.core,
    });
    await run("npm", ["ci", ...npmFlags()], { cwd: ui, logFile });
    await run("npm", ["run", "build"], { cwd: ui, logFile });
  });
  const version = source.version.replace(/^v/, "");
  const ldflags = [
    "-s -w",
    `-X github.com/prometheus/common/version.Version=${version}`,
    `-X github.com/prometheus/common/version.Revision=${source.version}`,
    `-X github.com/prometheus/common/version.Branch=${source.version}`,
  ].join(" ");
  await step("perses", "embed the UI and go build perses and percli", async () => {
    // The module zip drops the script's execute bit.
    await run("bash", ["scripts/compress_assets.sh"], { cwd: src, logFile });
    await run("go", ["generate", "./internal/api"], { cwd: src, env: goEnv(), logFile });
    for (const binary of ["perses", "percli"]) {
      const args = ["build", "-trimpath", "-ldflags", ldflags, "-o", join(staging, binary), `./cmd/${binary}`];
      await run("go", args, { cwd: src, env: goEnv(), logFile });
    }
  });
  copyFileSync(join(src, "LICENSE"), join(staging, "LICENSE"));
  writeFileSync(join(staging, ".complete"), `${source.module}@${source.version}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  // The UI's and the packages' node_modules are some 2 GB.
  rmSync(work, { recursive: true, force: true });
  return dir;
}
