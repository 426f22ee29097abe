import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/native/paths.js";

/**
 * The import rule, read from the sources themselves: imports only point down. No module imports a CLI
 * command but the CLI's entry; no relative import crosses a package boundary (packages export what
 * others need); no cycle between modules, nor between packages outside their tests.
 */
const SKIPPED = new Set(["node_modules", "dist", ".firebreak", ".git", "generated"]);
const COMMANDS_DIR = join(REPO_ROOT, "stack", "src", "commands");
const CLI_ENTRY = join(REPO_ROOT, "stack", "src", "cli.ts");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The nearest folder with a package.json: the package a file belongs to. */
function packageOf(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dir === REPO_ROOT || dir === dirname(dir)) return REPO_ROOT;
  }
}

const packageNames = new Map<string, string>();
function packageNamed(name: string): string | undefined {
  if (packageNames.size === 0) {
    for (const dir of new Set(files.map(packageOf))) {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string };
      packageNames.set(manifest.name, dir);
    }
  }
  return packageNames.get(name);
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s(?:[^"';]*?\sfrom\s)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(SPECIFIER)].map((match) => (match[1] ?? match[2])!);
}

/** A relative specifier to the .ts file it names (sources import `./x.js` for `./x.ts`). */
function resolveRelative(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  return target.endsWith(".js") ? target.replace(/\.js$/, ".ts") : target;
}

const isTest = (file: string) => file.split(sep).includes("test");
const files = sourceFiles(REPO_ROOT);
const rel = (file: string) => relative(REPO_ROOT, file);

describe("imports only point down", () => {
  it("When any module imports a CLI command, then it is the CLI's entry", () => {
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => resolveRelative(file, specifier))
        .filter((target) => target.startsWith(COMMANDS_DIR + sep) && file !== CLI_ENTRY)
        .map((target) => `${rel(file)} → ${rel(target)}`),
    );
    expect(offenders).toEqual([]);
  });

  it("When a relative import is followed, then it stays in its own package", () => {
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith("."))
        .filter((specifier) => packageOf(resolveRelative(file, specifier)) !== packageOf(file))
        .map((specifier) => `${rel(file)} → ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("When the modules' imports are followed, then none comes back to where it started", () => {
    const edges = new Map(
      files.map((file) => [
        file,
        importsOf(file)
          .filter((specifier) => specifier.startsWith("."))
          .map((specifier) => resolveRelative(file, specifier)),
      ]),
    );
    expect(cycles(edges).map((cycle) => cycle.map(rel).join(" → "))).toEqual([]);
  });

  it("When the packages' imports outside their tests are followed, then none comes back to where it started", () => {
    const edges = new Map<string, string[]>();
    for (const file of files.filter((file) => !isTest(file))) {
      const from = packageOf(file);
      const targets = importsOf(file)
        .filter((specifier) => specifier.startsWith("@firebreak/"))
        .map((specifier) => packageNamed(specifier.split("/").slice(0, 2).join("/")))
        .filter((target): target is string => target !== undefined && target !== from);
      edges.set(from, [...new Set([...(edges.get(from) ?? []), ...targets])]);
    }
    expect(cycles(edges).map((cycle) => cycle.map(rel).join(" → "))).toEqual([]);
  });
});

/** Every cycle a depth-first walk meets, each as the path that closes it. */
function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string) => {
    const at = path.indexOf(node);
    if (at >= 0) return void found.push([...path.slice(at), node]);
    if (done.has(node)) return;
    path.push(node);
    for (const next of edges.get(node) ?? []) visit(next);
    path.pop();
    done.add(node);
  };
  for (const node of edges.keys()) visit(node);
  return found;
}
