import { COMPONENTS } from "./manifest.js";
import {
  isSupervisorRunning,
  KAFKA_PEER_PROCESSES,
  listProcesses,
  PROCESSES_OF,
  SERVICE_PROCESSES,
  STANDBY_PROCESSES,
  type ProcessState,
} from "./supervisor.js";
import { readinessOf } from "./wait.js";
import { formatElapsed } from "../util/progress.js";

export interface ComponentStatus {
  component: string;
  process: string;
  status: string;
  readiness: string;
  pid: number | null;
  restarts: number;
  uptimeSeconds: number | null;
  rssBytes: number | null;
}

export function toStatus(component: string, process: string, state: ProcessState | undefined): ComponentStatus {
  const running = state?.is_running ?? false;
  return {
    component,
    process,
    status: state?.status ?? "Stopped",
    readiness: !state || state.status === "Disabled" ? "-" : readinessOf(state),
    pid: running ? state!.pid : null,
    restarts: state?.restarts ?? 0,
    uptimeSeconds: running ? Math.round(state!.age / 1e9) : null,
    rssBytes: running ? state!.mem : null,
  };
}

export async function collectStatus(): Promise<{ running: boolean; components: ComponentStatus[] }> {
  const running = await isSupervisorRunning();
  const states = new Map(running ? (await listProcesses()).map((state) => [state.name, state]) : []);
  const components = [
    ...COMPONENTS.flatMap((component) =>
      (PROCESSES_OF[component.name] ?? []).map((process) => toStatus(component.name, process, states.get(process))),
    ),
    // The ha profile's Kafka nodes 2 and 3, when the supervisor runs them.
    ...KAFKA_PEER_PROCESSES.filter((name) => states.has(name)).map((name) => toStatus("kafka", name, states.get(name))),
    ...SERVICE_PROCESSES.map((service) => toStatus(service, service, states.get(service))),
    ...STANDBY_PROCESSES.filter((name) => states.get(name)?.is_running).map((name) =>
      toStatus(name, name, states.get(name)),
    ),
  ];
  return { running, components };
}

function row(cells: string[], widths: number[]): string {
  return cells
    .map((cell, i) => cell.padEnd(widths[i]!))
    .join("  ")
    .trimEnd();
}

export function formatTable(components: ComponentStatus[]): string {
  const header = ["COMPONENT", "PROCESS", "STATUS", "READY", "PID", "RESTARTS", "UPTIME", "RSS"];
  const rows = components.map((c) => [
    c.component,
    c.process,
    c.status,
    c.readiness,
    c.pid === null ? "-" : String(c.pid),
    String(c.restarts),
    c.uptimeSeconds === null ? "-" : formatElapsed(c.uptimeSeconds * 1000),
    c.rssBytes === null ? "-" : `${Math.round(c.rssBytes / 1024 / 1024)} MiB`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((cells) => cells[i]!.length)));
  return [row(header, widths), ...rows.map((cells) => row(cells, widths))].join("\n") + "\n";
}
