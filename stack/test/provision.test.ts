import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provisionGo } from "../src/provision/go.js";
import { StepError } from "../src/progress.js";

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
});
