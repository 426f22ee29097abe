import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Check } from "../src/doctor/check.js";
import { atLeast, MINIMUM } from "../src/doctor/tools.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { HOST, PORTS } from "../src/native/ports.js";

interface Report {
  ok: boolean;
  checks: Check[];
}

const scratch = () => mkdtempSync(join(tmpdir(), "firebreak-doctor-test-"));

/**
 * The doctor as a user runs it, on a machine changed in one way: an empty cache (so every component
 * still has to be built), a state folder of its own (so no running stack holds the ports) and PATH edited.
 */
function doctor(path: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, "stack", "bin", "firebreak.js"), "doctor", ...args], {
    encoding: "utf8",
    env: { ...process.env, PATH: path, FIREBREAK_CACHE: scratch(), FIREBREAK_STATE: scratch() },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const check = (report: Report, name: string) => report.checks.find((c) => c.name === name)!;

/** PATH without any folder that holds a `go`, so Go is missing and everything else stays. */
const pathWithoutGo = () =>
  process.env
    .PATH!.split(delimiter)
    .filter((dir) => !existsSync(join(dir, "go")))
    .join(delimiter);

describe("firebreak doctor", () => {
  it("When Go is not on PATH and components must be built, then the go check fails with the fix and exit 1", () => {
    const result = doctor(pathWithoutGo(), "--json");
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(check(report, "go")).toMatchObject({ status: "fail" });
    expect(check(report, "go").detail).toContain("go not found on PATH");
    expect(check(report, "go").fix).toContain(`Go ${MINIMUM.go} or newer`);
  });

  it("When Go is too old, then the check names both versions and the run is blocked", () => {
    const bin = scratch();
    writeFileSync(join(bin, "go"), "#!/bin/sh\necho 'go version go1.19.8 linux/amd64'\n");
    chmodSync(join(bin, "go"), 0o755);
    const result = doctor(`${bin}${delimiter}${process.env.PATH}`);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+go\s+go 1\.19\.8; Firebreak needs 1\.26\.5 or newer/);
    expect(result.stdout).toContain("Blocked: fix each FAIL above");
  });

  describe("When a port of the stack is taken by another program", () => {
    let server: Server | undefined;
    beforeAll(async () => {
      server = createServer();
      // Taken by the test, or already by a running stack of another state folder: busy either way.
      await new Promise<void>((resolve) => {
        server!.once("error", () => ((server = undefined), resolve()));
        server!.listen(PORTS.gateway, HOST, resolve);
      });
    });
    afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    it("then doctor fails the ports check naming it, and up refuses before starting anything", () => {
      const result = doctor(process.env.PATH!, "--json");
      expect(result.code).toBe(1);
      const ports = check(JSON.parse(result.stdout) as Report, "ports");
      expect(ports.status).toBe("fail");
      expect(ports.items).toContain(`${PORTS.gateway} (gateway)`);

      const state = scratch();
      const up = spawnSync(
        process.execPath,
        [join(REPO_ROOT, "stack", "bin", "firebreak.js"), "up", "--profile", "core"],
        {
          encoding: "utf8",
          env: { ...process.env, FIREBREAK_STATE: state },
          timeout: 120_000,
        },
      );
      expect(up.status).toBe(1);
      expect(up.stderr).toContain("doctor: the preflight failed");
      expect(up.stderr).toMatch(/FAIL\s+ports\s+\d+ of the stack's \d+ ports are in use/);
      expect(existsSync(join(state, "process-compose.sock"))).toBe(false);
    });
  });

  it("When this machine is checked as it is, then every check reports, and the exit code is 1 exactly when one fails", () => {
    const result = doctor(process.env.PATH!, "--json");
    const report = JSON.parse(result.stdout) as Report;
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(["node", "go", "java", "maven", "root", "disk", "memory", "ports"]),
    );
    for (const c of report.checks) expect(["pass", "warn", "fail"]).toContain(c.status);
    const failed = report.checks.some((c) => c.status === "fail");
    expect([result.code, report.ok]).toEqual([failed ? 1 : 0, !failed]);
  });

  it("When versions are compared, then each number counts in turn", () => {
    expect(atLeast("1.26.8", "1.26.5")).toBe(true);
    expect(atLeast("1.26", "1.26.5")).toBe(false);
    expect(atLeast("1.19.8", "1.26.5")).toBe(false);
    expect(atLeast("17.0.15", "17")).toBe(true);
    expect(atLeast("21", "17")).toBe(true);
    expect(atLeast("3.8.7", "3.6.3")).toBe(true);
  });
});
