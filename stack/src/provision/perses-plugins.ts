import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cachePaths } from "../native/paths.js";
import type { PersesPlugin, PersesSource } from "../native/manifest.js";
import { run } from "../util/exec.js";
import { downloadModule } from "./go.js";
import { npmFlags } from "./perses-packages.js";
import { sha512Integrity } from "./npm.js";

const SCHEMA_KINDS = new Set(["Datasource", "Panel", "Variable", "Annotation"]);

interface PluginPackage {
  perses: { plugins: { kind: string; spec: { name: string } }[] };
}

/**
 * One plugin folder the way Perses loads it: the npm package's module-federation bundles, the
 * plugin's CUE schemas, and the CUE module they import copied into cue.mod/pkg with the `deps` of
 * module.cue dropped, which is what `percli plugin build` does so that no CUE registry is needed.
 */
async function assemblePlugin(plugin: PersesPlugin, source: PersesSource, out: string, logFile: string): Promise<void> {
  const downloads = join(out, ".npm");
  mkdirSync(downloads, { recursive: true });
  const spec = `${plugin.package}@${plugin.version}`;
  const packed = await run(
    "npm",
    ["pack", spec, "--json", "--ignore-scripts", ...npmFlags(), "--prefer-offline", "--pack-destination", downloads],
    { logFile },
  );
  const tarball = join(downloads, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
  if (sha512Integrity(tarball) !== plugin.integrity)
    throw new Error(`${spec}: the tarball's integrity is not the pinned one`);

  const manifest = await run("tar", ["-xzf", tarball, "-O", "package/mf-manifest.json"], { logFile });
  const dir = join(out, `${(JSON.parse(manifest) as { name: string }).name}-${plugin.version}`);
  mkdirSync(dir, { recursive: true });
  const files = ["package/package.json", "package/mf-manifest.json", "package/mf-stats.json", "package/__mf"];
  await run("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1", ...files], { logFile });

  const cue = join(dir, "cue.mod");
  if (plugin.schemas) {
    const module = await downloadModule(plugin.schemas, logFile);
    cpSync(join(module, "schemas"), join(dir, "schemas"), { recursive: true });
    mkdirSync(cue, { recursive: true });
    const moduleCue = readFileSync(join(module, "cue.mod", "module.cue"), "utf8");
    writeFileSync(join(cue, "module.cue"), `${moduleCue.replace(/\ndeps:\s*\{[\s\S]*\}\s*$/, "").trimEnd()}\n`);
  } else {
    writeOpenSchemas(dir);
  }
  const perses = await downloadModule(source.cueModule, logFile);
  cpSync(join(perses, "cue"), join(cue, "pkg", "github.com", "perses", "perses", "cue"), { recursive: true });
  await run("chmod", ["-R", "u+w", dir]);
}

/**
 * For a plugin whose schemas no registry here serves: a schema per plugin kind that accepts any
 * spec. Perses will not load a plugin without schemas; with these it loads, and the browser tests
 * show its panels render, but its specs are checked only as far as their structure goes.
 */
function writeOpenSchemas(dir: string): void {
  const { perses } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PluginPackage;
  // Only these kinds are validated; Perses refuses a schema of any other kind (an Explore, say).
  const validated = perses.plugins.filter(({ kind }) => SCHEMA_KINDS.has(kind) || kind.endsWith("Query"));
  for (const { spec } of validated) {
    const schemaDir = join(dir, "schemas", spec.name);
    mkdirSync(schemaDir, { recursive: true });
    writeFileSync(join(schemaDir, `${spec.name}.cue`), `package model\n\nkind: "${spec.name}"\nspec: {...}\n`);
  }
  mkdirSync(join(dir, "cue.mod"), { recursive: true });
  writeFileSync(
    join(dir, "cue.mod", "module.cue"),
    `module: "firebreak.local/perses-open-schemas@v0"\nlanguage: version: "v0.14.0"\n`,
  );
}

/** Keyed by the plugins, the CUE module and this recipe's own text, so a changed recipe reassembles. */
export function persesPluginsDir(source: PersesSource): string {
  const hash = createHash("sha256").update(JSON.stringify([source.plugins, source.cueModule]));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return join(cachePaths().bin, `perses-plugins-${hash.digest("hex").slice(0, 8)}`);
}

export async function provisionPersesPlugins(source: PersesSource, logFile: string): Promise<string> {
  const dir = persesPluginsDir(source);
  if (existsSync(join(dir, ".complete"))) return dir;
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  for (const plugin of source.plugins) await assemblePlugin(plugin, source, staging, logFile);
  rmSync(join(staging, ".npm"), { recursive: true, force: true });
  writeFileSync(join(staging, ".complete"), `${source.plugins.length} plugins\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}
