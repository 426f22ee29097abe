import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { CollectorSource } from "../native/manifest.js";
import { cachePaths, REPO_ROOT } from "../native/paths.js";
import { run } from "../util/exec.js";
import { step } from "../util/progress.js";
import { goEnv, provisionGo } from "./go.js";

export const COLLECTOR_BINARY = "otelcol-firebreak";

export function collectorBinDir(source: CollectorSource): string {
  const manifest = readFileSync(join(REPO_ROOT, source.manifest));
  const digest = createHash("sha256").update(manifest).digest("hex").slice(0, 12);
  return join(cachePaths().bin, `otelcol-${source.version}-${digest}`);
}

/** Builds the Collector from the committed builder manifest; a changed manifest is a new cache key. */
export async function provisionCollector(source: CollectorSource, logFile: string): Promise<string> {
  const binDir = collectorBinDir(source);
  if (existsSync(join(binDir, ".complete"))) return binDir;
  const builderDir = await provisionGo(
    "ocb",
    {
      kind: "go",
      module: "go.opentelemetry.io/collector/cmd/builder",
      version: source.version,
      builds: [{ pkg: ".", binary: "builder" }],
    },
    logFile,
  );
  const workDir = join(cachePaths().src, `otelcol-${source.version}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const manifest = parse(readFileSync(join(REPO_ROOT, source.manifest), "utf8")) as { dist: Record<string, unknown> };
  manifest.dist.output_path = workDir;
  const renderedManifest = join(workDir, "builder.yaml");
  writeFileSync(renderedManifest, stringify(manifest));
  await step("otelcol", "build the Collector with ocb", () =>
    run(join(builderDir, "builder"), [`--config=${renderedManifest}`], { cwd: workDir, env: goEnv(), logFile }),
  );
  const staging = `${binDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  renameSync(join(workDir, COLLECTOR_BINARY), join(staging, COLLECTOR_BINARY));
  writeFileSync(join(staging, ".complete"), "");
  rmSync(binDir, { recursive: true, force: true });
  renameSync(staging, binDir);
  rmSync(workDir, { recursive: true, force: true });
  return binDir;
}
