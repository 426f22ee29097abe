import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { firebreak, firebreakOrThrow } from "./helpers.js";

/** Every reporting command's --json, against the running stack: stdout must be JSON and nothing else. */
describe("--json on the running stack", () => {
  it.each([
    [["status", "--json"], "components"],
    [["where", "--json"], "endpoints"],
    [["install", "--profile", "full", "--json"], "components"],
    [["doctor", "--json"], "checks"],
    [["cdc", "status", "--json"], "connectors"],
    [["alerts", "--json"], undefined],
    [["silence", "list", "--json"], undefined],
    [["dlq", "list", "orders", "--json"], undefined],
    [["chaos", "list", "--json"], undefined],
  ])(
    "When '%j' runs, then its stdout parses as JSON",
    (args, key) => {
      const result = firebreakOrThrow(...args);
      const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
      if (key) expect(parsed).toHaveProperty(key);
      else expect(Array.isArray(parsed) || typeof parsed === "object").toBe(true);
    },
    120_000,
  );

  it("When where --json runs on the running stack, then it says so and lists what is ready", () => {
    const where = JSON.parse(firebreakOrThrow("where", "--json").stdout) as { running: boolean; ready: string[] };
    expect(where.running).toBe(true);
    expect(where.ready).toEqual(expect.arrayContaining(["postgres", "kafka", "perses"]));
  });

  it("When doctor runs beside the running stack, then its own ports pass and it exits 0 on this machine", () => {
    const result = firebreak("doctor", "--json");
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      checks: { name: string; status: string; detail: string }[];
    };
    const ports = report.checks.find((check) => check.name === "ports")!;
    expect([ports.status, ports.detail]).toEqual(["pass", "this checkout's stack is running and holds its own ports"]);
    expect(result.code).toBe(report.ok ? 0 : 1);
  });

  it("When token --curl's command is run as printed, then the gateway accepts the order", () => {
    const command = firebreakOrThrow("token", "--curl").stdout;
    const result = spawnSync("sh", ["-c", command.replace("curl -sS", "curl -sS -w '\\n%{http_code}'")], {
      encoding: "utf8",
    });
    const [body, status] = result.stdout.trim().split("\n").slice(-2);
    expect(status, result.stdout + result.stderr).toMatch(/^20[12]$/);
    expect((JSON.parse(body!) as { id?: string }).id).toMatch(/[0-9a-f-]{36}/);
  });
});
