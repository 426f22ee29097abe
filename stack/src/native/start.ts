import { pollQuietly } from "@firebreak/platform";
import { join } from "node:path";
import type { Profile } from "./manifest.js";
import { REPO_ROOT, stackPaths } from "./paths.js";
import { preflight } from "../doctor/index.js";
import { provision } from "../provision/index.js";
import { prepareStack } from "./prepare.js";
import { run } from "../util/exec.js";
import { formatElapsed, say, step } from "../util/progress.js";
import { controlProcess, isSupervisorRunning, listProcesses, processesOf } from "./supervisor.js";
import { waitUntilReady } from "./wait.js";
import { preparePipeline } from "./pipeline.js";
import { buildServices } from "./build-services.js";
import { serviceRuntime } from "./service-env.js";
import { topologyOf, type KafkaTopology } from "./kafka-cluster.js";
import { claimTopology } from "./kafka-topology.js";

const READY_TIMEOUT_MS = 5 * 60_000;
/** What the CDC path needs before connectors can be registered, even when `up` does not --wait. */
const PIPELINE_PROCESSES = ["postgres-setup", "connect"];
export const SUPERVISOR_FILE = join(REPO_ROOT, "stack", "process-compose.yaml");
/** The ha profile's Kafka nodes 2 and 3, merged over the supervisor file. */
export const HA_SUPERVISOR_FILE = join(REPO_ROOT, "stack", "process-compose.ha.yaml");

async function startSupervisor(
  env: Record<string, string>,
  processes: string[],
  topology: KafkaTopology,
): Promise<void> {
  const paths = stackPaths();
  await run(
    env.FB_BIN_PROCESS_COMPOSE!,
    [
      "up",
      "--detached",
      "--use-uds",
      "--unix-socket",
      paths.socket,
      "--log-file",
      paths.supervisorLog,
      "--config",
      SUPERVISOR_FILE,
      ...(topology === "ha" ? ["--config", HA_SUPERVISOR_FILE] : []),
      "--disable-dotenv",
      "--ordered-shutdown",
      ...processes,
    ],
    { env: { ...process.env, ...env }, cwd: paths.state, logFile: join(paths.logs, "process-compose-launch.log") },
  );
  const running = await pollQuietly(isSupervisorRunning, { timeoutMs: 10_000, intervalMs: 100 });
  if (!running) throw new Error(`the supervisor did not start; see ${paths.supervisorLog}`);
}

/** A running stack gains the processes a larger profile adds; nothing already running is touched. */
async function startMissing(processes: string[]): Promise<void> {
  const running = new Map((await listProcesses()).map((state) => [state.name, state]));
  for (const name of processes) {
    const state = running.get(name);
    if (!state || state.status === "Disabled" || (!state.is_running && state.status !== "Completed")) {
      await controlProcess("start", name);
    }
  }
}

/** Provisions, prepares and starts the stack under the supervisor, then the CDC pipeline; what `firebreak up` runs. */
export async function startStack(profile: Profile, wait: boolean): Promise<number> {
  const started = Date.now();
  const topology = claimTopology(topologyOf(profile));
  await preflight(profile, !(await isSupervisorRunning()));
  await provision(profile);
  const processes = processesOf(profile);
  if (await isSupervisorRunning()) {
    say("up", "the stack is already running; starting what the profile adds");
    await startMissing(processes);
  } else {
    const env = await step("up", "prepare configs and data directories", () => prepareStack(topology));
    if (serviceRuntime() === "compiled") {
      const modules = await step("up", "compile the services", () => buildServices());
      say("up", `compiled ${modules} modules into services/*/dist`);
    }
    await step("up", `start the supervisor (profile ${profile})`, () => startSupervisor(env, processes, topology));
  }
  const waitFor = wait ? processes : PIPELINE_PROCESSES;
  await step("up", `wait until ${waitFor.length} processes are ready`, () => waitUntilReady(waitFor, READY_TIMEOUT_MS));
  const connectors = await step(
    "cdc",
    "migrate and seed the service databases, register the Debezium connectors",
    preparePipeline,
  );
  say("cdc", `running: ${connectors.join(", ")}`);
  if (wait) say("up", `profile '${profile}' is ready (${formatElapsed(Date.now() - started)})`);
  return 0;
}
