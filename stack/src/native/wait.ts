import { pollSettled } from "@firebreak/platform";
import { join } from "node:path";
import { tailOfFile } from "../util/exec.js";
import { stackPaths } from "./paths.js";
import { formatElapsed, say } from "../util/progress.js";
import { componentOfProcess, listProcesses, ONE_SHOT, type ProcessState } from "./supervisor.js";

export type Readiness = "ready" | "waiting" | "failed";

/** One process's readiness: one-shot steps are ready when they exited 0, servers when their probe passes. */
export function readinessOf(state: ProcessState | undefined): Readiness {
  if (!state) return "waiting";
  if (ONE_SHOT.has(state.name)) {
    if (state.status === "Completed") return state.exit_code === 0 ? "ready" : "failed";
    return state.status === "Error" || state.status === "Skipped" ? "failed" : "waiting";
  }
  if (["Error", "Completed", "Skipped", "Terminating"].includes(state.status)) return "failed";
  if (state.has_ready_probe) return state.is_ready === "Ready" ? "ready" : "waiting";
  return state.status === "Running" ? "ready" : "waiting";
}

export class NotReadyError extends Error {
  override name = "NotReadyError";
}

function failure(process: string, reason: string): NotReadyError {
  const log = join(stackPaths().logs, `${process}.log`);
  return new NotReadyError(
    `${componentOfProcess(process)} (${process}) ${reason}. Last lines of ${log}:\n${tailOfFile(log, 25)}`,
  );
}

/** The processes still waiting; throws, naming the first process that failed. */
async function stillWaiting(processes: string[]): Promise<string[]> {
  const states = new Map((await listProcesses()).map((state) => [state.name, state]));
  return processes.filter((name) => {
    const readiness = readinessOf(states.get(name));
    if (readiness === "failed") {
      const state = states.get(name)!;
      throw failure(name, `failed: status ${state.status}, exit code ${state.exit_code}`);
    }
    return readiness === "waiting";
  });
}

/** Waits until every named process is ready; fails fast, naming the first process that failed. */
export async function waitUntilReady(processes: string[], timeoutMs: number): Promise<void> {
  const started = Date.now();
  let lastReport = 0;
  const { settled, last } = await pollSettled(
    () => stillWaiting(processes),
    (pending) => {
      const elapsed = Date.now() - started;
      if (pending.length > 0 && elapsed - lastReport >= 10_000) {
        say("up", `waiting for ${pending.join(", ")} (${formatElapsed(elapsed)})`);
        lastReport = elapsed;
      }
      return pending.length === 0;
    },
    { timeoutMs, intervalMs: 500 },
  );
  if (!settled) throw failure(last![0]!, `was not ready after ${formatElapsed(Date.now() - started)}`);
}
