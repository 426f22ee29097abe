import { rmSync } from "node:fs";
import { join } from "node:path";
import { stackPaths } from "../native/paths.js";
import { findPids, waitForExit } from "../native/pids.js";
import { say, step } from "../util/progress.js";
import { controlProcess, isSupervisorRunning, listProcesses, stopProject } from "../native/supervisor.js";

const STOP_TIMEOUT_MS = 90_000;

/** Every process of this stack: the supervisor, found by its socket, and the processes it runs. */
export async function stackPids(): Promise<number[]> {
  const supervisor = findPids("process-compose", stackPaths().socket);
  const children = (await isSupervisorRunning())
    ? (await listProcesses()).filter((p) => p.is_running).map((p) => p.pid)
    : [];
  return [...new Set([...supervisor, ...children])].filter((pid) => pid > 0);
}

export async function down(volumes: boolean): Promise<number> {
  const paths = stackPaths();
  const pids = await stackPids();
  if (pids.length > 0) {
    await step("down", `stop ${pids.length} processes`, async () => {
      if (await isSupervisorRunning()) {
        // The synthetic probe first: a stack going down on purpose is not an outage to burn budget on.
        await controlProcess("stop", "blackbox-exporter").catch(() => undefined);
        await stopProject().catch(() => undefined);
      }
      const survivors = await waitForExit(pids, STOP_TIMEOUT_MS);
      for (const pid of survivors) {
        say("down", `process ${pid} ignored the shutdown; killing it`);
        process.kill(pid, "SIGKILL");
      }
      await waitForExit(survivors, 5_000);
    });
  } else {
    say("down", "the stack is not running");
  }
  rmSync(paths.socket, { force: true });
  if (volumes) {
    rmSync(paths.data, { recursive: true, force: true });
    rmSync(join(paths.state, "secrets.json"), { force: true });
    say("down", `wiped ${paths.data}`);
  }
  return 0;
}
