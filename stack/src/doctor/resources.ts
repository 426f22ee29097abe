import { pollSettled } from "@firebreak/platform";
import { mkdirSync, readFileSync, statfsSync } from "node:fs";
import { createServer } from "node:net";
import { HOST, PORTS, PROXY_PORTS } from "../native/ports.js";
import { clusterPorts } from "../native/kafka-cluster-env.js";
import type { Profile } from "../native/manifest.js";
import { cachePaths } from "../native/paths.js";
import type { Check } from "./check.js";

const GIB = 1024 ** 3;
/** A cold cache took 17 GB on 2026-12-05 (Go's module and build caches, Perses's UI build, the JDK jars). */
const COLD_CACHE_GIB = 20;
/** The data of a few hours of runs: PostgreSQL, Kafka, ClickHouse, Loki and Tempo. */
const RUN_GIB = 3;

export function diskCheck(coldComponents: number): Check {
  const { cache } = cachePaths();
  mkdirSync(cache, { recursive: true });
  const stats = statfsSync(cache);
  const free = (stats.bavail * stats.bsize) / GIB;
  const need = coldComponents > 0 ? COLD_CACHE_GIB : RUN_GIB;
  const why = coldComponents > 0 ? `${coldComponents} components to provision into ${cache}` : "the stack's data";
  return {
    name: "disk",
    status: free >= need ? "pass" : "fail",
    detail: `${free.toFixed(1)} GiB free where the cache is; about ${need} GiB needed for ${why}`,
    fix: free >= need ? undefined : `free space, or point FIREBREAK_CACHE at a disk with ${need} GiB free`,
  };
}

/**
 * The full stack idles near 3 GiB of RSS and grows under load (Kafka, ClickHouse, the JVMs' heaps);
 * ha adds two Kafka JVMs.
 */
const MEMORY_GIB: Record<Profile, number> = { core: 2, full: 4, ha: 5 };

export function memoryCheck(profile: Profile, stackRunning: boolean): Check {
  if (stackRunning) {
    return { name: "memory", status: "pass", detail: "this checkout's stack is running: its memory is in use already" };
  }
  const meminfo = readFileSync("/proc/meminfo", "utf8");
  const available = Number(/MemAvailable:\s+(\d+) kB/.exec(meminfo)?.[1] ?? 0) / 1024 ** 2;
  const need = MEMORY_GIB[profile];
  const status = available >= need * 1.5 ? "pass" : available >= need ? "warn" : "fail";
  return {
    name: "memory",
    status,
    detail: `${available.toFixed(1)} GiB available; the ${profile} profile needs about ${need} GiB, more under load`,
    fix: status === "pass" ? undefined : "stop other memory-hungry programs, or use --profile core",
  };
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function busyPorts(): Promise<string[]> {
  const busy: string[] = [];
  for (const [name, port] of NAMED_PORTS) if (!(await isFree(port))) busy.push(`${port} (${name})`);
  return busy;
}

// The ha profile's cluster ports too, whichever profile is asked for: they are Firebreak's to hold.
const NAMED_PORTS = [...Object.entries(PORTS), ...Object.entries(PROXY_PORTS), ...clusterPorts()];

/** The busy ports, asked again every second for up to `settleMs` while any is busy. */
async function busyAfterSettling(settleMs: number): Promise<string[]> {
  const { last } = await pollSettled(busyPorts, (busy) => busy.length === 0, {
    timeoutMs: settleMs,
    intervalMs: 1_000,
  });
  return last!;
}

/**
 * Every port the native stack listens on must be free, unless this checkout's stack holds them. Busy
 * ports are asked again for up to `settleMs`: a stack just stopped may still be closing its sockets.
 */
export async function portsCheck(stackRunning: boolean, settleMs = 0): Promise<Check> {
  if (stackRunning) {
    return { name: "ports", status: "pass", detail: "this checkout's stack is running and holds its own ports" };
  }
  const busy = await busyAfterSettling(settleMs);
  if (busy.length === 0) {
    return {
      name: "ports",
      status: "pass",
      detail: `all ${NAMED_PORTS.length} ports of the stack are free on ${HOST}`,
    };
  }
  const another = busy.length > NAMED_PORTS.length / 2;
  const listed = busy.length > 8 ? `${busy.slice(0, 8).join(", ")} and ${busy.length - 8} more` : busy.join(", ");
  return {
    name: "ports",
    status: "fail",
    detail: `${busy.length} of the stack's ${NAMED_PORTS.length} ports are in use by another program: ${listed}`,
    fix: another
      ? "another Firebreak stack (another checkout's, or FIREBREAK_STATE elsewhere) looks to be running: 'firebreak down' there"
      : "see who holds them with 'ss -ltnp' and stop it",
    items: busy,
  };
}
