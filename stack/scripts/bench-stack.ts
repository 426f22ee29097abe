/**
 * Benchmarks of the native stack. Prints JSON; asserts nothing.
 *
 *   npm run bench:stack -- provision   cold provisioning of `full` into an empty scratch cache
 *   npm run bench:stack -- up          warm `up --wait` for core and full, then the idle stack's RSS
 *   npm run bench:stack -- ha          full against ha (three Kafka nodes): first and warm `up --wait`, idle RSS
 *                                      (wipes the stack's data: switching topologies needs it)
 */
import { sleep } from "@firebreak/platform";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../src/native/paths.js";
import { collectStatus } from "../src/native/status.js";

const IDLE_SETTLE_MS = 30_000;

function firebreak(...args: string[]): number {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(REPO_ROOT, "stack", "bin", "firebreak.js"), ...args], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error(`firebreak ${args.join(" ")} exited ${result.status}`);
  return (Date.now() - started) / 1000;
}

/** RSS of a process and all its descendants, from /proc. */
function treeRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const total = (pid: number): number =>
    (rss.get(pid) ?? 0) + (children.get(pid) ?? []).reduce((sum, c) => sum + total(c), 0);
  return total(rootPid);
}

async function benchProvision(): Promise<object> {
  process.env.FIREBREAK_CACHE = mkdtempSync(join(tmpdir(), "firebreak-cold-"));
  const { provision } = await import("../src/provision/index.js");
  const started = Date.now();
  const results = await provision("full");
  return {
    benchmark: "cold provisioning, profile full, empty cache (Debian packages already installed count as cached)",
    cache: process.env.FIREBREAK_CACHE,
    totalSeconds: (Date.now() - started) / 1000,
    components: Object.fromEntries(results.map((r) => [r.component, Number(r.seconds.toFixed(1))])),
  };
}

/** RSS in MiB of every running process of the stack, each with its descendants, after the idle settle. */
async function idleRss(): Promise<{ idleRssMiB: Record<string, number>; idleRssTotalMiB: number }> {
  await sleep(IDLE_SETTLE_MS);
  const { components } = await collectStatus();
  const idleRssMiB = Object.fromEntries(
    components.filter((c) => c.pid !== null).map((c) => [c.process, Math.round(treeRssBytes(c.pid!) / 1024 / 1024)]),
  );
  return { idleRssMiB, idleRssTotalMiB: Object.values(idleRssMiB).reduce((sum, mib) => sum + mib, 0) };
}

async function benchUp(): Promise<object> {
  firebreak("down");
  const coreSeconds = firebreak("up", "--profile", "core", "--wait");
  firebreak("down");
  const fullSeconds = firebreak("up", "--profile", "full", "--wait");
  return {
    benchmark: "warm up --wait (stack down before each), then idle RSS of the full stack after 30 s",
    upWaitSeconds: { core: coreSeconds, full: fullSeconds },
    ...(await idleRss()),
  };
}

/** Each profile from wiped data (its first start), then again with its data (warm), then idle. */
async function benchHa(): Promise<object> {
  const measured: Record<string, object> = {};
  for (const profile of ["full", "ha"]) {
    firebreak("down", "--volumes");
    const firstSeconds = firebreak("up", "--profile", profile, "--wait");
    const downSeconds = firebreak("down");
    const warmSeconds = firebreak("up", "--profile", profile, "--wait");
    const upWaitSeconds = { first: firstSeconds, warm: warmSeconds };
    measured[profile] = { upWaitSeconds, downSeconds, ...(await idleRss()) };
  }
  const benchmark = "full against ha: up --wait from wiped data, down, up --wait again (warm), idle RSS after 30 s";
  return { benchmark, ...measured };
}

const mode = process.argv[2];
if (mode !== "provision" && mode !== "up" && mode !== "ha") {
  process.stderr.write(`bench:stack: unknown mode '${mode ?? ""}': expected provision, up or ha\n`);
  process.exit(2);
}
const report = mode === "provision" ? await benchProvision() : mode === "up" ? await benchUp() : await benchHa();
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
