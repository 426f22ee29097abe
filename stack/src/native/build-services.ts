import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { transform } from "esbuild";
import { REPO_ROOT } from "./paths.js";

/** The packages the supervisor runs as compiled JavaScript: every folder under services/ with a src/. */
export function compiledPackages(root: string = REPO_ROOT): string[] {
  const services = join(root, "services");
  return readdirSync(services, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(services, entry.name, "src")))
    .map((entry) => entry.name)
    .sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Transpiles each package's src/ file by file into dist/, in the same layout, and copies what is not
 * TypeScript (migrations, ClickHouse schemas) beside it, so that paths taken relative to a module
 * (`import.meta.url`) hold in both. Types are not checked here: `npm run typecheck` does that.
 * Returns the number of modules written.
 */
export async function buildServices(root: string = REPO_ROOT): Promise<number> {
  let modules = 0;
  for (const name of compiledPackages(root)) {
    const src = join(root, "services", name, "src");
    const dist = join(root, "services", name, "dist");
    rmSync(dist, { recursive: true, force: true });
    for (const file of filesUnder(src)) {
      const target = join(dist, relative(src, file));
      mkdirSync(dirname(target), { recursive: true });
      if (!file.endsWith(".ts")) {
        copyFileSync(file, target);
        continue;
      }
      const output = await transform(readFileSync(file, "utf8"), {
        loader: "ts",
        format: "esm",
        target: "node24",
        // As tsc reads them from tsconfig.json (target ES2023): type-only imports already say so, and
        // class fields keep their standard semantics.
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
        sourcefile: relative(dirname(target), file),
        sourcemap: "external",
      });
      const js = target.replace(/\.ts$/, ".js");
      writeFileSync(js, `${output.code}//# sourceMappingURL=${js.slice(dirname(js).length + 1)}.map\n`);
      writeFileSync(`${js}.map`, output.map);
      modules++;
    }
  }
  return modules;
}
