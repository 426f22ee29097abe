import { sleep } from "@firebreak/platform";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  descendantsOf,
  parseMachineStat,
  parseProcStat,
  readProcTable,
  treeTicks,
  type ProcStat,
} from "../src/native/process-cpu.js";

const stat = (pid: number, ppid: number, own: number, reaped = 0): ProcStat => ({
  pid,
  comm: `p${pid}`,
  ppid,
  own,
  reaped,
  start: pid * 10,
});
const tableOf = (...stats: ProcStat[]) => new Map(stats.map((s) => [s.pid, s]));

describe("CPU per process tree, from /proc", () => {
  it("When a stat line's command name holds spaces and parentheses, then the fields after it still parse", () => {
    const line =
      "4242 (postgres: orders (bench) idle) S 100 4242 4242 0 -1 4194560 500 0 0 0 " +
      "700 300 40 20 20 0 1 0 123456 1000000 500 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    expect(parseProcStat(line)).toEqual({
      pid: 4242,
      comm: "postgres: orders (bench) idle",
      ppid: 100,
      own: 1000,
      reaped: 60,
      start: 123456,
    });
  });

  it("When a tree is summed, then every descendant's own and reaped time counts, and nothing outside it", () => {
    // 1 ─ 10 (postmaster) ─ 11, 12 (backends) ─ 13 (a backend's helper); 20 is a sibling stack process.
    const table = tableOf(stat(1, 0, 5), stat(10, 1, 100, 50), stat(11, 10, 30), stat(12, 10, 20, 7), stat(13, 12, 3));
    table.set(20, stat(20, 1, 1000));
    expect(descendantsOf(table, 10).sort((a, b) => a - b)).toEqual([10, 11, 12, 13]);
    expect(treeTicks(table, 10)).toBe(100 + 50 + 30 + 20 + 7 + 3);
    expect(treeTicks(table, 10, { withRootOwn: false })).toBe(50 + 30 + 20 + 7 + 3);
    expect(treeTicks(table, 10, { exclude: new Set([12]) })).toBe(100 + 50 + 30);
    expect(treeTicks(table, 99)).toBe(0);
  });

  it("When a child exits and is waited for, then its time moves into its parent's reaped time and the sum is unchanged", () => {
    const running = tableOf(stat(10, 1, 100, 0), stat(11, 10, 40));
    const reaped = tableOf(stat(10, 1, 100, 40));
    expect(treeTicks(reaped, 10)).toBe(treeTicks(running, 10));
  });

  it("When /proc/stat is read, then busy leaves out idle, iowait and steal, and total counts them", () => {
    const text = "cpu  100 5 20 1000 30 2 3 7 4 0\ncpu0 50 2 10 500 15 1 1 3 2 0\nintr 1\n";
    expect(parseMachineStat(text)).toEqual({ busy: 130, total: 1167 });
    const machine = parseMachineStat(readFileSync("/proc/stat", "utf8"));
    expect(machine.busy).toBeGreaterThan(0);
    expect(machine.total).toBeGreaterThan(machine.busy);
  });

  it("When a grandchild burns CPU, then this process's tree counts it while it runs and after it has exited", async () => {
    const spawned = () => treeTicks(readProcTable(), process.pid, { withRootOwn: false });
    const before = spawned();
    // `; true` keeps sh from exec-ing node: node is a grandchild, reaped by sh, which this process reaps.
    const burn = "node -e 'while (process.cpuUsage().user < 600000);'; true";
    const child = spawn("sh", ["-c", burn], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    let during = 0;
    for (let i = 0; i < 100 && during < 20; i++) {
      await sleep(100);
      during = spawned() - before;
    }
    expect(during, "the live grandchild's ticks").toBeGreaterThanOrEqual(20);
    await exited;
    expect(spawned() - before, "after exit, through cutime").toBeGreaterThanOrEqual(58);
  });
});
