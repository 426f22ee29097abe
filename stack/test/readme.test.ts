import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/commands.js";
import { DASHBOARDS } from "../src/generate/dashboards/catalog.js";
import { REPO_ROOT } from "../src/native/paths.js";

/** The README and the documents beside it, read as text: nothing here needs the stack. */
const README = join(REPO_ROOT, "README.md");
const DOCS = join(REPO_ROOT, "docs");
const readme = readFileSync(README, "utf8");
const documents = [
  README,
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(DOCS, f)),
];

/** Prose only: fenced code blocks would otherwise lend their brackets and counts to the checks. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

const WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];
/** A digit or a number word, capitalized or not. */
const NUMBER = `(\\d+|${WORDS.map((w) => `[${w[0]!.toUpperCase()}${w[0]!}]${w.slice(1)}`).join("|")})`;

/** Every count the text states right before `noun` (a digit or a word: "five dashboards", "25 experiments"). */
function countsBefore(text: string, noun: string): number[] {
  const pattern = new RegExp(`\\b${NUMBER}\\s+(?:[A-Z][\\w-]*\\s+)?${noun}\\b`, "g");
  return [...text.matchAll(pattern)].map(([, n]) => (/^\d+$/.test(n!) ? Number(n) : WORDS.indexOf(n!.toLowerCase())));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(readFileSync(file, "utf8")).matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = slug(heading!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Every relative link target of a Markdown file: `](path)` not starting with a scheme or `#`. */
function relativeLinks(file: string): { target: string; path: string; anchor?: string }[] {
  return [...prose(readFileSync(file, "utf8")).matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target!)
    .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target) && !target.startsWith("#"))
    .map((target) => {
      const [path, anchor] = target.split("#");
      return { target, path: resolve(dirname(file), path!), anchor };
    });
}

describe("the README against the code", () => {
  it("When the CLI has a command, then the README names it as `firebreak <name>`", () => {
    const missing = COMMANDS.map((c) => c.name).filter((name) => !new RegExp(`firebreak ${name}\\b`).test(readme));
    expect(missing).toEqual([]);
  });

  it("When the README counts the dashboards, then the count is the catalogue's", () => {
    const counts = countsBefore(prose(readme), "dashboards");
    expect(counts.length).toBeGreaterThan(0);
    expect(counts).toEqual(counts.map(() => DASHBOARDS.length));
  });

  it("When the README counts the chaos experiments, then the count is the number of experiment files", () => {
    const files = readdirSync(join(REPO_ROOT, "chaos", "experiments")).filter((f) => f.endsWith(".yaml"));
    const counts = countsBefore(prose(readme), "experiments");
    expect(counts.length).toBeGreaterThan(0);
    expect(counts).toEqual(counts.map(() => files.length));
    const perProfile = [...prose(readme).matchAll(/the (full|ha)\s+profile's\s+\((\d+) of them/g)];
    expect(perProfile.map(([, profile]) => profile)).toEqual(["full", "ha"]);
    for (const [, profile, count] of perProfile) {
      const ofProfile = files.filter((file) => {
        const text = readFileSync(join(REPO_ROOT, "chaos", "experiments", file), "utf8");
        return (/^profile: (\w+)$/m.exec(text)?.[1] ?? "full") === profile;
      });
      expect(ofProfile.length, `experiments of the ${profile} profile`).toBe(Number(count));
    }
  });

  it("When the repository map names a folder, then that folder exists", () => {
    const section = readme.split(/^## Repository map$/m)[1]?.split(/^## /m)[0] ?? "";
    const folders = [...section.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map(([, folder]) => folder!);
    expect(folders.length).toBeGreaterThan(0);
    const absent = folders.filter((folder) => {
      const path = join(REPO_ROOT, folder);
      return !existsSync(path) || !statSync(path).isDirectory();
    });
    expect(absent).toEqual([]);
  });

  it("When the README or a document in docs/ links a relative path, then the file exists", () => {
    const broken = documents.flatMap((file) =>
      relativeLinks(file)
        .filter((link) => !existsSync(link.path))
        .map((link) => `${relative(REPO_ROOT, file)}: ${link.target}`),
    );
    expect(broken).toEqual([]);
  });

  it("When a link names an anchor in a Markdown file, then that file has the heading", () => {
    const sameFile = documents.flatMap((file) =>
      [...prose(readFileSync(file, "utf8")).matchAll(/\]\(#([^)\s]+)\)/g)].map(([, anchor]) => ({
        file,
        path: file,
        target: `#${anchor!}`,
        anchor: anchor!,
      })),
    );
    const elsewhere = documents.flatMap((file) =>
      relativeLinks(file)
        .filter((link) => link.anchor !== undefined && link.path.endsWith(".md") && existsSync(link.path))
        .map((link) => ({ file, ...link, anchor: link.anchor! })),
    );
    const broken = [...sameFile, ...elsewhere]
      .filter((link) => !anchorsOf(link.path).has(link.anchor))
      .map((link) => `${relative(REPO_ROOT, link.file)}: ${link.target}`);
    expect(broken).toEqual([]);
  });
});
