import { pollUntil } from "@firebreak/platform";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { onTestFinished } from "vitest";
import { createPublicKey } from "node:crypto";
import pg from "pg";
import { stackKafka } from "../src/clients/kafka.js";
import { createClient } from "@clickhouse/client";
import { HOST, PORTS } from "../src/native/ports.js";
import { findPids } from "../src/native/pids.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, stackPaths } from "../src/native/paths.js";
import type { StackSecrets } from "../src/credentials/secrets.js";
import { devToken, ensureDevKey, JWT_AUDIENCE, JWT_ISSUER, jwtKeyPaths } from "../src/credentials/dev-token.js";
import { addToxic, createProxy, deleteProxy, removeToxic } from "../src/chaos/toxiproxy.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a user would, through its package bin. */
export function firebreak(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, "stack", "bin", "firebreak.js"), ...args], {
    encoding: "utf8",
    timeout: 15 * 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface RunningCli {
  child: ChildProcess;
  /** What the CLI has printed so far. */
  output: { stdout: string; stderr: string };
  /** Resolves once the stream's text so far passes the test, or once the CLI has exited. */
  until(stream: "stdout" | "stderr", test: (text: string) => boolean): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts the real CLI in the background, for a test that acts while it runs (answers, interrupts it). */
export function spawnFirebreak(...args: string[]): RunningCli {
  const child = spawn(process.execPath, [join(REPO_ROOT, "stack", "bin", "firebreak.js"), ...args], { cwd: REPO_ROOT });
  const output = { stdout: "", stderr: "" };
  const waiting: { stream: "stdout" | "stderr"; test: (text: string) => boolean; resolve: () => void }[] = [];
  const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
    output[stream] += chunk.toString();
    for (const waiter of waiting.filter((w) => w.stream === stream && w.test(output[stream]))) waiter.resolve();
  };
  child.stdout.on("data", collect("stdout"));
  child.stderr.on("data", collect("stderr"));
  // 'close', not 'exit': the exit code once everything the CLI printed has been read.
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  // A test that fails half-way must not leave a chaos run injecting faults into the next file.
  onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGINT")));
  const until = (stream: "stdout" | "stderr", test: (text: string) => boolean) =>
    Promise.race([
      exited.then(() => undefined),
      new Promise<void>((resolve) => (test(output[stream]) ? resolve() : waiting.push({ stream, test, resolve }))),
    ]);
  return { child, output, until, exited };
}

export function firebreakOrThrow(...args: string[]): CliResult {
  const result = firebreak(...args);
  if (result.code !== 0) {
    throw new Error(`firebreak ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

export function secrets(): StackSecrets {
  return JSON.parse(readFileSync(join(stackPaths().state, "secrets.json"), "utf8")) as StackSecrets;
}

/** What a stack test waits for: asked every 500 ms, a failed ask counting as not yet. */
export const eventually = <T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> =>
  pollUntil(what, probe, { timeoutMs, retryErrors: true });

export const url = (port: number, path: string) => `http://${HOST}:${port}${path}`;
/** The orders database as its runtime role (rows only), or as its owner (the schema too). */
export const ordersDb = (role: "orders" | "orders_owner" = "orders") =>
  new pg.Client({
    host: HOST,
    port: PORTS.postgres,
    user: role,
    database: "orders",
    password: secrets().passwords[role],
  });
export const kafka = () => stackKafka("firebreak-test");
export const clickhouse = () => createClient({ url: url(PORTS.clickhouseHttp, "") });

/** Every process that belongs to this checkout's stack: the supervisor and whatever reads our state dir. */
export const stackProcesses = () => [
  ...new Set([...findPids("process-compose", stackPaths().socket), ...findPids(stackPaths().state)]),
];

/** The subject of the operator's dev token, which may read every customer's data and analytics. */
export const OPERATOR = "operator";

/** The token policy the stack's services verify with. */
export function stackTokenPolicy() {
  ensureDevKey();
  return { key: createPublicKey(readFileSync(jwtKeyPaths().publicKey)), issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
}

const bearers = new Map<string, Promise<string>>();

/** The Authorization header of a customer's dev token, or the operator's. */
export async function authAs(subject: string): Promise<{ authorization: string }> {
  if (!bearers.has(subject)) bearers.set(subject, devToken(subject, { operator: subject === OPERATOR }));
  return { authorization: `Bearer ${await bearers.get(subject)!}` };
}

/**
 * A Toxiproxy proxy of the test's own in front of a stack port, which can be made a black hole: every
 * byte either way is held and never delivered, the connection left open (Toxiproxy's timeout toxic
 * with timeout 0), as a link does when a firewall drops its packets.
 */
export async function linkTo(port: number) {
  const name = `test-link-${process.pid}-${Date.now()}`;
  const proxy = await createProxy(name, `${HOST}:0`, `${HOST}:${port}`);
  const holes = ["upstream", "downstream"] as const;
  return {
    port: Number(proxy.listen.split(":").pop()),
    blackHole: async () => {
      for (const stream of holes) {
        await addToxic(name, {
          name: `hole-${stream}`,
          type: "timeout",
          stream,
          toxicity: 1,
          attributes: { timeout: 0 },
        });
      }
    },
    heal: async () => {
      for (const stream of holes) await removeToxic(name, `hole-${stream}`);
    },
    close: () => deleteProxy(name),
  };
}
