import { sleep } from "@firebreak/platform";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/native/paths.js";
import { firebreak, spawnFirebreak } from "../helpers.js";

const SHORT_FAULT = join(REPO_ROOT, "stack", "test", "fixtures", "chaos", "short-latency.yaml");

describe("firebreak gameday", () => {
  it("When a blind game day runs a short fault and the trainee answers during it, then nothing names the fault before the reveal, which judges the answer", async () => {
    const cli = spawnFirebreak("gameday", "start", SHORT_FAULT);
    await cli.until("stdout", (text) => text.includes("steady state holds"));
    // The fault follows the steady state at once; the trainee takes a moment to look.
    await sleep(3_000);

    const answered = firebreak("gameday", "answer", SHORT_FAULT);
    expect(answered.code, answered.stderr).toBe(0);
    expect(answered.stdout).toContain("Answer recorded: short-latency.");
    expect(await cli.exited, cli.output.stdout + cli.output.stderr).toBe(0);

    const [before, reveal] = cli.output.stdout.split("== Game day reveal");
    expect(before).toContain("you are on call");
    // A page's name may say "latency" (a symptom on-call is meant to see); the fault's words may not.
    expect(before).not.toMatch(/PostgreSQL|short-latency|inject|toxic|ordersToPostgres|50 ms/i);
    expect(before).not.toContain("A short PostgreSQL latency");
    expect(reveal).toContain("A short PostgreSQL latency for the orders service (short-latency)");
    expect(reveal).toContain("Your answer, short-latency, is RIGHT.");
    expect(reveal).toMatch(/Time to diagnose: \d+s after the fault began\./);
    expect(reveal).toContain("Verdict of the run: PASS");

    // A second answer changes nothing: the first is final, and the reveal is shown again.
    const again = firebreak("gameday", "answer", "redis-down");
    expect(again.stdout).toContain("You answered short-latency already");
    expect(again.stdout).toContain("is RIGHT.");
  }, 420_000);

  it("When an answer names no experiment, then it is a usage error naming the value", () => {
    const result = firebreak("gameday", "answer", "the-database");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown experiment 'the-database'");
  });
});
