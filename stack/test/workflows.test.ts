import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { goBinary } from "../src/native/env.js";
import { REPO_ROOT } from "../src/native/paths.js";

const WORKFLOWS = join(".github", "workflows");
const workflowFiles = readdirSync(join(REPO_ROOT, WORKFLOWS))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

describe("GitHub Actions workflows", () => {
  it.each(workflowFiles)("When %s is linted, then actionlint finds nothing", (file) => {
    const result = spawnSync(goBinary("actionlint", "actionlint"), ["-no-color", join(WORKFLOWS, file)], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("the chaos workflow", () => {
  const workflow = parse(readFileSync(join(REPO_ROOT, WORKFLOWS, "chaos.yml"), "utf8")) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const stepRunning = (command: RegExp) => steps.findIndex((step) => command.test(step.run ?? ""));

  it("When it runs, then it installs, starts the full compose stack, gives the CLI its secrets and runs every experiment against it, in that order", () => {
    const install = stepRunning(/^npm ci\b/m);
    const up = stepRunning(/\bdocker compose --profile full up\b/);
    const secrets = stepRunning(/\bdocker compose cp secrets:/);
    const chaos = stepRunning(/\bfirebreak chaos run\b.*--all\b/);
    expect(install).toBeGreaterThanOrEqual(0);
    expect(up).toBeGreaterThan(install);
    expect(secrets).toBeGreaterThan(up);
    expect(chaos).toBeGreaterThan(secrets);
    expect(steps[chaos]!.run).toContain("--stack compose");
  });

  it("When it ends, whatever the verdict, then the reports are uploaded and the stack is removed", () => {
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.if).toBe("always()");
    expect(upload?.with?.path).toContain(".firebreak/chaos");
    // upload-artifact skips hidden files unless asked, and every report is under .firebreak.
    expect(upload?.with?.["include-hidden-files"]).toBe(true);
    const down = steps[stepRunning(/\bdocker compose --profile full down\b/)];
    expect(down?.if).toBe("always()");
  });
});
