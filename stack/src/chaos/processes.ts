import { pollUntil } from "@firebreak/platform";
import { spawnSync } from "node:child_process";
import { HOST, PORTS } from "../native/ports.js";
import { controlProcess, listProcesses, type ProcessState } from "../native/supervisor.js";

export type ProcessAction = "kill" | "stop" | "start" | "restart" | "freeze" | "thaw";

/**
 * Who acts on processes: the native supervisor, or Docker Compose for users who run the compose
 * stack (its service names are the supervisor's process names).
 */
export interface ProcessDriver {
  /** The supervisor file starts a process under libfaketime when asked (stack/process-compose.yaml); compose cannot. */
  skewsClocks: boolean;
  act(action: ProcessAction, name: string): Promise<void>;
  isRunning(name: string): Promise<boolean>;
  /** Running and passing its readiness probe (compose: its healthcheck). */
  isReady(name: string): Promise<boolean>;
}

const stateOf = async (name: string) => (await listProcesses()).find((p) => p.name === name);
const TRANSITION_MS = 90_000;

/**
 * The supervisor answers a stop at once but the process takes its graceful-shutdown time to exit,
 * and it refuses to start a process that is still exiting: wait for each transition to finish.
 */
async function settle(
  name: string,
  until: (state: ProcessState | undefined) => boolean,
  what: string,
  deadline = Date.now() + TRANSITION_MS,
): Promise<void> {
  await pollUntil(`${name} to ${what}`, async () => until(await stateOf(name)), {
    timeoutMs: Math.max(0, deadline - Date.now()),
  });
}

/**
 * Starts a stopped process. The supervisor may list a process as stopped a moment before it accepts
 * a start for it ("already running"): retry until the start is taken or the process runs, all within
 * one transition's deadline.
 */
async function start(name: string): Promise<void> {
  const deadline = Date.now() + TRANSITION_MS;
  await pollUntil(
    `${name} to start`,
    async () => {
      await settle(name, (state) => !state?.is_running || state.is_ready === "Ready", "finish stopping", deadline);
      if (!(await stateOf(name))?.is_running) await controlProcess("start", name);
      return true;
    },
    { timeoutMs: TRANSITION_MS, intervalMs: 500, retryErrors: (error) => /already running/.test(String(error)) },
  );
}

export const nativeDriver: ProcessDriver = {
  skewsClocks: true,
  async act(action, name) {
    if (action === "stop") {
      await controlProcess("stop", name);
      return settle(name, (state) => !state?.is_running, "stop");
    }
    if (action === "start") return start(name);
    if (action === "restart") return controlProcess(action, name);
    const state = (await listProcesses()).find((p) => p.name === name);
    if (!state?.is_running || !state.pid) throw new Error(`cannot ${action} ${name}: it is not running`);
    // SIGKILL, as the OOM killer would: no shutdown hook runs. The supervisor restarts it (on_failure).
    // SIGSTOP freezes it as a long GC pause or a starved VM does: alive, connections open, silent.
    const signals = { kill: "SIGKILL", freeze: "SIGSTOP", thaw: "SIGCONT" } as const;
    process.kill(state.pid, signals[action]);
  },
  async isRunning(name) {
    return (await listProcesses()).some((p) => p.name === name && p.is_running);
  },
  async isReady(name) {
    return (await listProcesses()).some((p) => p.name === name && p.is_running && p.is_ready === "Ready");
  },
};

function compose(...args: string[]): string {
  const result = spawnSync("docker", ["compose", ...args], { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0)
    throw new Error(`docker compose ${args.join(" ")}: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

export const composeDriver: ProcessDriver = {
  skewsClocks: false,
  async act(action, name) {
    if (action === "kill") {
      compose("kill", "-s", "SIGKILL", name);
      // Docker treats a kill as a manual stop and skips the restart policy; restart it as a supervisor would.
      compose("start", name);
      return;
    }
    // The cgroup freezer: every process of the container stops at once, as SIGSTOP stops one.
    const composeVerbs = { freeze: "pause", thaw: "unpause" } as const;
    compose(action === "freeze" || action === "thaw" ? composeVerbs[action] : action, name);
  },
  async isRunning(name) {
    return compose("ps", "--status", "running", "--services").split("\n").includes(name);
  },
  async isReady(name) {
    return compose("ps", "--format", "{{.Service}} {{.Health}}", name).includes(`${name} healthy`);
  },
};

/** Restarts a Debezium connector and its task through Kafka Connect's REST API. */
export async function restartConnector(connector: string): Promise<void> {
  const url = `http://${HOST}:${PORTS.connect}/connectors/${encodeURIComponent(connector)}/restart?includeTasks=true`;
  const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(30_000) });
  if (!response.ok && response.status !== 202) {
    throw new Error(`Kafka Connect refused to restart ${connector}: ${response.status} ${await response.text()}`);
  }
}
