import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sleep } from "@firebreak/platform";
import { afterAll, describe, expect, it } from "vitest";
import { withCacheLock } from "../src/provision/lock.js";

const cache = mkdtempSync(join(tmpdir(), "firebreak-lock-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe("the provisioning lock", () => {
  it("When two provisioning runs start together, then the second begins only after the first has finished", async () => {
    const events: string[] = [];
    const build = (name: string) => async () => {
      events.push(`${name} start`);
      await sleep(300);
      events.push(`${name} end`);
    };
    await Promise.all([withCacheLock(cache, build("first")), withCacheLock(cache, build("second"))]);
    expect(events).toEqual(["first start", "first end", "second start", "second end"]);
    expect(existsSync(join(cache, "provision.lock"))).toBe(false);
  });

  it("When the work fails, then the lock is released and the error comes through", async () => {
    await expect(withCacheLock(cache, () => Promise.reject(new Error("build broke")))).rejects.toThrow("build broke");
    expect(existsSync(join(cache, "provision.lock"))).toBe(false);
  });

  it("When the holder of a lock died, then the next run takes the lock over", async () => {
    const deadPid = spawnSync("true").pid!;
    mkdirSync(join(cache, "provision.lock"));
    writeFileSync(join(cache, "provision.lock", "pid"), String(deadPid));
    let pidWhileHeld = "";
    await withCacheLock(cache, async () => {
      pidWhileHeld = readFileSync(join(cache, "provision.lock", "pid"), "utf8");
    });
    expect(pidWhileHeld).toBe(String(process.pid));
  });
});
