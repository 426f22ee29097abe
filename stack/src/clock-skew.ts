import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackPaths } from "./paths.js";

/**
 * The processes whose supervisor command starts them under libfaketime when their clock file
 * exists (stack/process-compose.yaml). Anything else keeps the machine's clock.
 */
export const SKEWABLE = ["gateway"] as const;
export type Skewable = (typeof SKEWABLE)[number];

const MULTIARCH: Record<string, string> = { x64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu" };

/** Debian's libfaketime, the thread-safe build: Node runs V8 and libuv threads beside the main one. */
export const libfaketimePath = () =>
  `/usr/lib/${MULTIARCH[process.arch] ?? `${process.arch}-linux-gnu`}/faketime/libfaketimeMT.so.1`;

export const clockSkewDir = () => join(stackPaths().state, "run", "clock-skew");

/**
 * Sets how far the process's clock runs from the machine's, in seconds (negative: behind), or
 * removes the skew; it applies from the process's next start. libfaketime reads the offset from the
 * file (FAKETIME_TIMESTAMP_FILE).
 */
export function setClockSkew(process: Skewable, seconds: number | undefined): void {
  const file = join(clockSkewDir(), process);
  if (seconds === undefined) return rmSync(file, { force: true });
  mkdirSync(clockSkewDir(), { recursive: true });
  writeFileSync(file, `${seconds > 0 ? "+" : ""}${seconds}\n`);
}
