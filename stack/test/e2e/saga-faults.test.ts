import { sleep } from "@firebreak/platform";
import { describe, expect, it } from "vitest";
import { eventually, firebreak } from "../helpers.js";
import { placeOrders } from "../orders-traffic.js";
import { listProcesses } from "../../src/native/supervisor.js";
import { waitUntilReady } from "../../src/native/wait.js";

async function killHard(process: string): Promise<number> {
  const state = (await listProcesses()).find((p) => p.name === process);
  if (!state?.is_running) throw new Error(`${process} is not running`);
  globalThis.process.kill(state.pid, "SIGKILL");
  return state.restarts;
}

function verifyClean() {
  const result = firebreak("verify", "--json", "--drain-timeout", "180");
  return JSON.parse(result.stdout) as { valid: boolean; counts: Record<string, number> };
}

const CLEAN = { lost: 0, duplicated: 0, unexpected: 0, stuck: 0, stock: 0, payments: 0 };

/** Kills a process with SIGKILL while orders stream in, lets the supervisor restart it, then checks integrity. */
async function crashMidStream(process: string): Promise<void> {
  const placing = placeOrders(300);
  await sleep(1_500);
  const restartsBefore = await killHard(process);
  const ids = await placing;
  expect(ids).toHaveLength(300);
  // The supervisor may not have seen the kill yet: wait for the restart itself, then for readiness.
  const restarted = await eventually(
    async () => {
      const state = (await listProcesses()).find((p) => p.name === process)!;
      return state.restarts > restartsBefore ? state : undefined;
    },
    60_000,
    `${process} restarted`,
  );
  await waitUntilReady([process], 180_000);
  const after = (await listProcesses()).find((p) => p.name === process)!;
  expect(restarted.restarts).toBeGreaterThan(restartsBefore);
  expect(after.restarts).toBeGreaterThan(restartsBefore);
  expect(verifyClean().counts).toEqual(CLEAN);
}

describe("the saga under process faults", () => {
  it("When Kafka Connect is killed mid-stream and restarts, then nothing is lost or duplicated", async () => {
    await crashMidStream("connect");
  }, 600_000);

  it("When the analytics sink is killed mid-batch and restarts, then ClickHouse still holds every event once", async () => {
    await crashMidStream("analytics");
  }, 600_000);
});
