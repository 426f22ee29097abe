import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stackEnv } from "../src/native/env.js";
import { findComponent, type NpmSource } from "../src/native/manifest.js";
import { provisionGo, writableCopy } from "../src/provision/go.js";
import { npmPackageDir, provisionNpm } from "../src/provision/npm.js";
import { StepError } from "../src/util/progress.js";

const scratchCache = mkdtempSync(join(tmpdir(), "firebreak-cache-"));
process.env.FIREBREAK_CACHE = scratchCache;
afterAll(() => rmSync(scratchCache, { recursive: true, force: true }));

const provisionToxiproxy = (version: string, sum?: string) =>
  provisionGo(
    "toxiproxy",
    {
      kind: "go",
      module: "github.com/Shopify/toxiproxy/v2",
      version,
      ...(sum ? { sum } : {}),
      builds: [{ pkg: "./cmd/server", binary: "toxiproxy-server" }],
    },
    join(scratchCache, "provision.log"),
  );

const nodeSource = findComponent("node")!.source as NpmSource;
const provisionNode = (source: NpmSource) => provisionNpm("node", source, join(scratchCache, "provision.log"));
const DOWNLOAD_TIMEOUT_MS = 300_000;

describe("provisioning failures", () => {
  it("When a pinned version does not exist in the registry, then the error names the component and the step", async () => {
    const attempt = provisionToxiproxy("v2.99.99");
    await expect(attempt).rejects.toBeInstanceOf(StepError);
    await expect(attempt).rejects.toThrow(
      /^toxiproxy: download github\.com\/Shopify\/toxiproxy\/v2@v2\.99\.99 failed: /,
    );
  });

  it("When a pinned checksum does not match the download, then provisioning refuses it", async () => {
    const attempt = provisionToxiproxy("v2.12.0", "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    await expect(attempt).rejects.toThrow(/but the manifest pins h1:AAAA/);
  });

  it(
    "When the npm tarball does not match the pinned integrity, then provisioning refuses it and keeps nothing of it",
    async () => {
      const attempt = provisionNode({ ...nodeSource, integrity: "sha512-AAAA" });
      await expect(attempt).rejects.toBeInstanceOf(StepError);
      await expect(attempt).rejects.toThrow(
        `the tarball of ${nodeSource.package}@${nodeSource.version} has integrity ${nodeSource.integrity}, ` +
          "but the manifest pins sha512-AAAA",
      );
      expect(existsSync(`${npmPackageDir("node", nodeSource)}.partial`)).toBe(false);
    },
    DOWNLOAD_TIMEOUT_MS,
  );
});

describe("the services' Node.js", () => {
  it(
    "When the node component is provisioned, then FB_NODE's binary is the pinned Node 24, and a second run reuses it",
    async () => {
      const dir = await provisionNode(nodeSource);
      const binary = stackEnv().FB_NODE!;
      expect(binary.startsWith(`${dir}/`)).toBe(true);
      const version = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
      expect(version).toBe(`v${nodeSource.version}`);
      expect(version).toMatch(/^v24\./);

      // A redo would stage a new directory and rename it into place: a new inode.
      const installed = statSync(dir).ino;
      await provisionNode(nodeSource);
      expect(statSync(dir).ino).toBe(installed);
    },
    DOWNLOAD_TIMEOUT_MS,
  );
});

describe("copies of Go modules to build from", () => {
  it(
    "When a module is copied for a build, then the copy replaces what was there and is writable, and the module cache stays read-only",
    async () => {
      const target = join(scratchCache, "src", "uuid");
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, "left-over.go"), "package stale\n");
      const moduleDir = await writableCopy("github.com/google/uuid@v1.6.0", target, {
        logFile: join(scratchCache, "provision.log"),
      });
      expect(existsSync(join(target, "left-over.go"))).toBe(false);
      expect(statSync(join(target, "uuid.go")).mode & 0o200).toBe(0o200);
      expect(statSync(join(moduleDir, "uuid.go")).mode & 0o200).toBe(0);
    },
    DOWNLOAD_TIMEOUT_MS,
  );
});
