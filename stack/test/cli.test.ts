import { describe, expect, it } from "vitest";
import { firebreak } from "./helpers.js";

describe("firebreak CLI", () => {
  it("When asked for help, then it lists every command", () => {
    const result = firebreak("--help");
    expect(result.code).toBe(0);
    for (const command of ["install", "up", "status", "logs", "down", "load", "bench", "verify", "alerts", "silence"])
      expect(result.stdout).toContain(`firebreak ${command}`);
  });

  it("When the profile is unknown, then it names the bad value and exits 2", () => {
    for (const command of ["up", "install"]) {
      const result = firebreak(command, "--profile", "huge");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("unknown profile 'huge'");
      expect(result.stderr).toContain("core, full");
    }
  });

  it("When open names a dashboard, then it prints its Perses URL; an unknown one is named and exits 2", () => {
    const known = firebreak("open", "slo-overview");
    expect(known.code).toBe(0);
    expect(known.stdout.trim()).toBe("http://127.0.0.1:18090/projects/firebreak/dashboards/firebreak-slo-overview");
    const unknown = firebreak("open", "grafana-home");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown dashboard 'grafana-home'");
    expect(unknown.stderr).toContain("slo-overview, service-red");
  });

  it("When logs names an unknown component, then it names it and exits 2", () => {
    const result = firebreak("logs", "mongodb");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown component 'mongodb'");
  });

  it("When logs has no component or a bad line count, then it exits 2", () => {
    expect(firebreak("logs").code).toBe(2);
    const result = firebreak("logs", "kafka", "--lines", "many");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'many'");
  });

  it("When cdc is asked for an unknown subcommand, then it exits 2", () => {
    const result = firebreak("cdc", "restart-everything");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown cdc command 'restart-everything'");
  });

  it("When cdc recover names no service with a database or a bad --since, then it names the value and exits 2", () => {
    const unknown = firebreak("cdc", "recover", "gateway");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown service 'gateway'");
    expect(unknown.stderr).toContain("orders, inventory, payments");
    const since = firebreak("cdc", "recover", "orders", "--since", "yesterday");
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("bad --since 'yesterday'");
  });

  it("When verify gets a bad drain timeout, then it names the value and exits 2", () => {
    const result = firebreak("verify", "--drain-timeout", "soon");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'soon'");
  });

  it("When the same-key retry share is not a number from 0 to 1, then load names the value and exits 2", () => {
    process.env.FIREBREAK_SAME_KEY_RETRY_SHARE = "1.5";
    try {
      const result = firebreak("load", "smoke");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("FIREBREAK_SAME_KEY_RETRY_SHARE must be a number from 0 to 1, got '1.5'");
    } finally {
      delete process.env.FIREBREAK_SAME_KEY_RETRY_SHARE;
    }
  });

  it("When a token is asked for a malformed customer, then it names the value and exits 2", () => {
    const result = firebreak("token", "--customer", "bad customer!");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'bad customer!'");
  });

  it("When the command or a flag is unknown, then it exits 2", () => {
    const unknownCommand = firebreak("explode");
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'explode'");
    const unknownFlag = firebreak("up", "--fast");
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("--fast");
  });
});
