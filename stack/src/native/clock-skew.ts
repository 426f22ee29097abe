import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackPaths } from "./paths.js";

/**
 * The processes that have a twin in the supervisor file which runs under libfaketime, its clock off
 * by the process's clock file (stack/process-compose.yaml). Anything else keeps the machine's clock.
 */
export const SKEWABLE = ["gateway"] as const;
export type Skewable = (typeof SKEWABLE)[number];
export const SKEWED_TWIN: Record<Skewable, string> = { gateway: "gateway-skewed" };

const MULTIARCH: Record<string, string> = { x64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu" };

/** Debian's libfaketime, the thread-safe build: Node runs V8 and libuv threads beside the main one. */
export const libfaketimePath = () =>
  `/usr/lib/${MULTIARCH[process.arch] ?? `${process.arch}-linux-gnu`}/faketime/libfaketimeMT.so.1`;

export const clockSkewDir = () => join(stackPaths().state, "run", "clock-skew");

/**
 * Sets how far the skewed twin's clock runs from the machine's, in seconds (negative: behind), or
 * removes the file. libfaketime reads the offset from it (FAKETIME_TIMESTAMP_FILE) at start and
 * again every 10 s, so it is removed only once the twin has stopped.
 */
export function setClockSkew(process: Skewable, seconds: number | undefined): void {
  const file = join(clockSkewDir(), process);
  if (seconds === undefined) return rmSync(file, { force: true });
  mkdirSync(clockSkewDir(), { recursive: true });
  writeFileSync(file, `${seconds > 0 ? "+" : ""}${seconds}\n`);
}
