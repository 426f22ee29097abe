import { existsSync } from "node:fs";
import { componentsOf, type Profile } from "./manifest.js";
import { KAFKA_NODE_PROCESSES } from "./kafka-cluster.js";
import { requestOnce, type OneShotResponse } from "../clients/http-once.js";
import { stackPaths } from "./paths.js";

/** The supervisor's processes behind each component; k6, node (the services' runtime) and the supervisor itself run none. */
export const PROCESSES_OF: Record<string, string[]> = {
  postgres: ["postgres", "postgres-setup", "postgres-exporter"],
  redis: ["redis", "redis-exporter"],
  kafka: ["kafka-format", "kafka"],
  connect: ["connect"],
  clickhouse: ["clickhouse"],
  prometheus: ["prometheus"],
  alertmanager: ["alertmanager", "alert-recorder"],
  "blackbox-exporter": ["blackbox-exporter"],
  otelcol: ["otelcol"],
  tempo: ["tempo"],
  loki: ["loki"],
  toxiproxy: ["toxiproxy"],
  perses: ["perses"],
};

/** The system under test: it runs in the full profile, on top of every component. */
export const SERVICE_PROCESSES = ["payment-provider", "orders", "inventory", "payments", "analytics", "gateway"];

/**
 * Processes the supervisor knows but no profile starts: a step starts one when it needs it (the
 * gateway with its clock skewed, beside the gateway it replaces for a while).
 */
export const STANDBY_PROCESSES = ["gateway-skewed"];

/** Processes that run once and exit; they are done, not ready. */
export const ONE_SHOT = new Set(["postgres-setup", "kafka-format", "kafka-2-format", "kafka-3-format"]);

/** The ha profile's Kafka nodes beside node 1 (the `kafka` process), each formatted before it starts. */
export const KAFKA_PEER_PROCESSES = KAFKA_NODE_PROCESSES.filter((name) => name !== "kafka").flatMap((name) => [
  `${name}-format`,
  name,
]);

export function processesOf(profile: Profile): string[] {
  const components = componentsOf(profile).flatMap((component) => PROCESSES_OF[component.name] ?? []);
  if (profile === "core") return components;
  return [...components, ...(profile === "ha" ? KAFKA_PEER_PROCESSES : []), ...SERVICE_PROCESSES];
}

export function componentOfProcess(process: string): string {
  if (KAFKA_PEER_PROCESSES.includes(process)) return "kafka";
  return Object.entries(PROCESSES_OF).find(([, processes]) => processes.includes(process))?.[0] ?? process;
}

export interface ProcessState {
  name: string;
  status: string;
  is_ready: string;
  has_ready_probe: boolean;
  is_running: boolean;
  pid: number;
  exit_code: number;
  restarts: number;
  age: number;
  mem: number;
  cpu: number;
}

function call(method: string, path: string): Promise<OneShotResponse> {
  return requestOnce({ socketPath: stackPaths().socket, method, path, timeoutMs: 5_000, label: "supervisor API" });
}

export async function isSupervisorRunning(): Promise<boolean> {
  if (!existsSync(stackPaths().socket)) return false;
  try {
    return (await call("GET", "/live")).status === 200;
  } catch {
    return false;
  }
}

export async function listProcesses(): Promise<ProcessState[]> {
  const { status, body } = await call("GET", "/processes");
  if (status !== 200) throw new Error(`supervisor answered ${status}: ${body}`);
  return (JSON.parse(body) as { data: ProcessState[] }).data;
}

export async function controlProcess(action: "start" | "stop" | "restart", name: string): Promise<void> {
  const method = action === "stop" ? "PATCH" : "POST";
  const { status, body } = await call(method, `/process/${action}/${encodeURIComponent(name)}`);
  if (status !== 200) throw new Error(`supervisor could not ${action} ${name}: ${status} ${body}`);
}

export async function stopProject(): Promise<void> {
  await call("POST", "/project/stop");
}
