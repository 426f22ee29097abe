import { pollUntil } from "@firebreak/platform";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Journal } from "../../src/chaos/journal.js";
import { listProxies } from "../../src/chaos/toxiproxy.js";
import { REPO_ROOT } from "../../src/native/paths.js";
import { listProcesses, ONE_SHOT, STANDBY_PROCESSES } from "../../src/native/supervisor.js";
import { firebreak, spawnFirebreak } from "../helpers.js";

const FIXTURES = join(REPO_ROOT, "stack", "test", "fixtures", "chaos");

/** The report directory a run printed, and the journal of its one experiment. */
function reportOf(stdout: string, id: string): { dir: string; journal: Journal } {
  const [, relativeDir] = /reports: (\S+)\/report\.html/.exec(stdout) ?? [];
  expect(relativeDir, stdout).toBeDefined();
  const dir = join(REPO_ROOT, relativeDir!);
  return { dir, journal: JSON.parse(readFileSync(join(dir, `${id}.journal.json`), "utf8")) as Journal };
}

/** Every proxy enabled and free of toxics, and every process of the stack running. */
async function expectNoFaultLeft(): Promise<void> {
  const proxies = Object.values(await listProxies());
  expect(proxies.length).toBeGreaterThanOrEqual(17);
  expect(proxies.filter((p) => !p.enabled || p.toxics.length > 0).map((p) => p.name)).toEqual([]);
  const notRunning = async () =>
    (await listProcesses())
      .filter((p) => !p.is_running && !ONE_SHOT.has(p.name) && !STANDBY_PROCESSES.includes(p.name))
      .map((p) => p.name);
  await pollUntil("every process running", async () => (await notRunning()).length === 0, {
    timeoutMs: 30_000,
    intervalMs: 1_000,
  }).catch(() => {});
  expect(await notRunning()).toEqual([]);
}

describe("chaos runs against the live stack", () => {
  it("When a malformed experiment or bad options are given, then the CLI names them and exits 2", () => {
    const bad = firebreak("chaos", "run", join(FIXTURES, "..", "..", "..", "..", "package.json"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/package\.json: \(top level\)|package\.json: title/);
    expect(firebreak("chaos", "run", "no-such-experiment").stderr).toContain("unknown experiment 'no-such-experiment'");
    const stack = firebreak("chaos", "run", "postgres-down", "--stack", "podman");
    expect([stack.code, stack.stderr]).toEqual([2, "firebreak: bad --stack 'podman': expected native or compose\n"]);
    expect(firebreak("chaos", "run", "postgres-down", "--all").code).toBe(2);
  });

  it("When a short experiment runs end to end, then it passes, writes its journal, JUnit and HTML, and leaves no fault", async () => {
    const result = firebreak("chaos", "run", join(FIXTURES, "short-latency.yaml"));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const { dir, journal } = reportOf(result.stdout, "short-latency");
    expect(journal.verdict).toBe("pass");
    expect(journal.faults.map((f) => f.label)).toEqual(["50 ms of latency on orders → postgres (downstream)"]);
    expect(journal.steadyState.every((p) => p.ok)).toBe(true);
    expect(journal.integrity).toMatchObject({ lost: 0, unexpected: 0, duplicated: 0, stuck: 0 });
    expect(journal.integrity!.acknowledged).toBeGreaterThan(20);
    expect(journal.series.find((s) => s.name.includes("p99"))!.points.length).toBeGreaterThan(5);
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toMatch(/<testcase [^>]*name="short-latency"/);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("<svg");
    await expectNoFaultLeft();
  }, 300_000);

  it("When an expectation fails on purpose, then the verdict is fail with the reason, and every fault is rolled back", async () => {
    const result = firebreak("chaos", "run", join(FIXTURES, "failing-expectation.yaml"));
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const { journal } = reportOf(result.stdout, "failing-expectation");
    expect(journal.verdict).toBe("fail");
    expect(journal.reason).toContain("order-placement-latency budget consumed");
    expect(journal.faults.map((f) => f.label).sort()).toEqual([
      "400 ms of latency on gateway → orders (downstream)",
      "payment-provider stopped",
    ]);
    await expectNoFaultLeft();
  }, 300_000);

  it("When the runner is interrupted mid-fault, then the rollback heals the link and restarts the process", async () => {
    const cli = spawnFirebreak("chaos", "run", join(FIXTURES, "interrupted.yaml"));
    await cli.until("stderr", (timeline) => (timeline.match(/ inject /g) ?? []).length === 2);
    expect((await listProxies()).gateway_to_redis!.enabled, cli.output.stderr).toBe(false);
    cli.child.kill("SIGINT");
    expect(await cli.exited, cli.output.stdout).toBe(1);
    const { journal } = reportOf(cli.output.stdout, "interrupted");
    expect([journal.verdict, journal.reason]).toEqual(["error", "interrupted by a signal"]);
    expect(
      journal.rollback
        .filter((r) => r.ok)
        .map((r) => r.action)
        .sort(),
    ).toEqual(["heal: link gateway → redis down", "heal: payment-provider stopped"]);
    await expectNoFaultLeft();
  }, 300_000);
});
