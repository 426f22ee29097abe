import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServices, compiledPackages } from "../src/native/build-services.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { COMPILED_CONDITION, serviceLaunch, servicesEnv } from "../src/native/service-env.js";
import { UsageError } from "../src/util/usage.js";

/** A copy of the services' sources, so that building it leaves the running stack's dist/ alone. */
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "firebreak-build-"));
  for (const name of compiledPackages()) {
    cpSync(join(REPO_ROOT, "services", name), join(root, "services", name), {
      recursive: true,
      filter: (path) => !/\/(node_modules|dist)(\/|$)/.test(path),
    });
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
  await buildServices(root);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));

describe("the services compiled for the supervisor", () => {
  it("When the packages to compile are listed, then they are the shared platform and every service, read from services/", () => {
    expect(compiledPackages()).toEqual([
      "analytics",
      "gateway",
      "inventory",
      "orders",
      "payment-provider",
      "payments",
      "platform",
    ]);
  });

  it("When a package is built, then its dist/ mirrors src/: a module and its map per TypeScript file, other files copied", () => {
    for (const name of compiledPackages(root)) {
      const src = join(root, "services", name, "src");
      const dist = new Set(filesUnder(join(root, "services", name, "dist")));
      for (const file of filesUnder(src)) {
        if (file.endsWith(".ts")) {
          expect(dist, `${name}/${file}`).toContain(file.replace(/\.ts$/, ".js"));
          expect(dist, `${name}/${file}`).toContain(file.replace(/\.ts$/, ".js.map"));
        } else {
          expect(readFileSync(join(root, "services", name, "dist", file), "utf8")).toBe(
            readFileSync(join(src, file), "utf8"),
          );
        }
      }
    }
  });

  it("When the platform is resolved under the compiled condition, then every export names a built module", () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "services", "platform", "package.json"), "utf8")) as {
      exports: Record<string, Record<string, string>>;
    };
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      const compiled = conditions[COMPILED_CONDITION];
      expect(compiled, subpath).toMatch(/^\.\/dist\/.*\.js$/);
      expect(existsSync(join(root, "services", "platform", compiled!)), subpath).toBe(true);
    }
  });

  it("When a compiled module runs on plain Node, then it behaves as its source does", () => {
    const fields = join(root, "services", "platform", "dist", "fields.js");
    const script = `const { identifier } = await import(${JSON.stringify(fields)});
      const schema = identifier(1, 8);
      console.log(JSON.stringify([schema.safeParse("sku-1").success, schema.safeParse("a\\u0000b").success]));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([true, false]);
  });
});

describe("FIREBREAK_SERVICE_RUNTIME", () => {
  it("When it is unset, then the supervisor starts each service's dist/ entry under the compiled condition", () => {
    const env = servicesEnv();
    expect(env.FB_SERVICE_ENTRY).toBe("dist/main.js");
    expect(env.FB_SERVICE_NODE_FLAGS).toBe(`--conditions=${COMPILED_CONDITION}`);
  });

  it("When it is tsx, then the services run from their sources through the tsx loader", () => {
    expect(serviceLaunch("tsx")).toEqual({ nodeFlags: "--import tsx", entry: "src/main.ts" });
  });

  it("When it is anything else, then it is refused by name", () => {
    process.env.FIREBREAK_SERVICE_RUNTIME = "bun";
    try {
      expect(() => servicesEnv()).toThrow(UsageError);
      expect(() => servicesEnv()).toThrow("FIREBREAK_SERVICE_RUNTIME must be 'compiled' or 'tsx', not 'bun'");
    } finally {
      delete process.env.FIREBREAK_SERVICE_RUNTIME;
    }
  });
});
