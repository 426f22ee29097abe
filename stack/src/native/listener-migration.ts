import { readFileSync, writeFileSync } from "node:fs";

/**
 * Linux's switch (5.14 and later) that moves connections a closing SO_REUSEPORT listener has queued
 * but not yet accepted to another listener of the same port. Off, which is the default, the kernel
 * resets them: a client of a handover between two processes sees `ECONNRESET` now and then, more often
 * on a busy machine, where the closing process is slower to accept what it was given.
 */
const SETTING = "/proc/sys/net/ipv4/tcp_migrate_req";

function read(): string | undefined {
  try {
    return readFileSync(SETTING, "utf8").trim();
  } catch {
    return undefined;
  }
}

/**
 * Runs `handOver` with queued connections migrated, and puts the machine's setting back afterwards.
 * Without the right to change it (not root), or on an older kernel, the handover runs as it is.
 */
export async function withListenerMigration<T>(handOver: () => Promise<T>): Promise<T> {
  const before = read();
  if (before !== "0") return handOver();
  try {
    writeFileSync(SETTING, "1");
  } catch {
    return handOver();
  }
  try {
    return await handOver();
  } finally {
    writeFileSync(SETTING, before);
  }
}
