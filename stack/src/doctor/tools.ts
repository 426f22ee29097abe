import { spawnSync } from "node:child_process";
import { goEnv } from "../provision/go.js";
import type { Check } from "./check.js";

/**
 * The oldest versions that work. Go: Loki v3.7.8's and Perses v0.54.0's go.mod ask for go 1.26.5, and
 * provisioning runs with GOTOOLCHAIN=local, so an older Go fails instead of fetching a newer toolchain.
 * JDK: Kafka 4 brokers and Connect need Java 17. Node: the CLI's own engines field.
 */
export const MINIMUM = { node: "20.18.1", go: "1.26.5", java: "17", maven: "3.6.3" } as const;

/** Whether a dotted version is at least the minimum, comparing each number in turn. */
export function atLeast(found: string, minimum: string): boolean {
  const a = found.split(".").map(Number);
  const b = minimum.split(".").map(Number);
  for (let i = 0; i < b.length; i++) {
    const [x, y] = [a[i] ?? 0, b[i]!];
    if (x !== y) return x > y;
  }
  return true;
}

/**
 * The first version-looking number in a command's output (stdout and stderr: java prints to stderr),
 * asked in the environment provisioning runs it in (Go with GOTOOLCHAIN=local: no other toolchain).
 */
function versionOf(command: string, args: string[], pattern: RegExp): { found?: string; problem?: string } {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 20_000, env: goEnv() });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === "ENOENT";
    return { problem: missing ? `${command} not found on PATH` : `${command} did not answer within 20 s` };
  }
  const found = pattern.exec(`${result.stdout}\n${result.stderr}`)?.[1];
  return found ? { found } : { problem: `${command} printed no version` };
}

interface ToolSpec {
  name: string;
  command: string;
  args: string[];
  pattern: RegExp;
  minimum: string;
  why: string;
  fix: string;
}

const TOOLS: Record<"go" | "java" | "maven", ToolSpec> = {
  go: {
    name: "go",
    command: "go",
    args: ["version"],
    pattern: /go(\d+\.\d+(?:\.\d+)?)/,
    minimum: MINIMUM.go,
    why: "builds Loki, Tempo, Perses, k6, Toxiproxy and process-compose from the Go module proxy",
    fix: `install Go ${MINIMUM.go} or newer from go.dev/dl and put its bin first on PATH (Debian 12's own Go is 1.19)`,
  },
  java: {
    name: "java",
    command: "java",
    args: ["-version"],
    pattern: /version "(\d+(?:\.\d+)*)/,
    minimum: MINIMUM.java,
    why: "runs Kafka and Kafka Connect",
    fix: "apt-get install openjdk-17-jdk-headless (or any JDK 17+ on PATH)",
  },
  maven: {
    name: "maven",
    command: "mvn",
    args: ["-B", "-v"],
    pattern: /Apache Maven (\d+\.\d+\.\d+)/,
    minimum: MINIMUM.maven,
    why: "resolves Kafka's and Debezium's jars from Maven Central",
    fix: "apt-get install maven",
  },
};

/** A tool that must be on PATH with at least its minimum version; `needed` false makes a miss a warning. */
export function toolCheck(tool: keyof typeof TOOLS, needed: boolean, neededFor = ""): Check {
  const spec = TOOLS[tool];
  const { found, problem } = versionOf(spec.command, spec.args, spec.pattern);
  const ok = found !== undefined && atLeast(found, spec.minimum);
  const status = ok ? "pass" : needed ? "fail" : "warn";
  const what = problem ?? `${spec.name} ${found}`;
  const detail = ok
    ? `${what} (needs ${spec.minimum}+; ${spec.why})`
    : `${what}; Firebreak needs ${spec.minimum} or newer: it ${spec.why}${neededFor}${needed ? "" : " (not needed now: what it builds is cached)"}`;
  return { name: spec.name, status, detail, fix: ok ? undefined : spec.fix };
}

export function nodeCheck(): Check {
  const found = process.versions.node;
  const ok = atLeast(found, MINIMUM.node);
  return {
    name: "node",
    status: ok ? "pass" : "fail",
    detail: `Node ${found} runs the CLI (needs ${MINIMUM.node}+; the services get Node 24 from the npm registry)`,
    fix: ok ? undefined : `install Node ${MINIMUM.node} or newer`,
  };
}

/** apt-get needs root: the CLI running as root, or sudo that does not ask for a password. */
export function rootCheck(needed: boolean, packages: string[]): Check {
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync("sudo", ["-n", "true"], { timeout: 10_000 }).status === 0;
  const ok = root || !needed;
  return {
    name: "root",
    status: ok ? "pass" : "fail",
    detail: root
      ? "running as root: Debian packages can be installed"
      : needed
        ? `Debian packages to install (${packages.join(", ")}) need root${sudo ? "; sudo works without a password" : ""}`
        : "not root, and every Debian package is already installed",
    fix: ok ? undefined : `sudo apt-get install --no-install-recommends ${packages.join(" ")}, or run as root`,
  };
}
