import { sleep } from "@firebreak/platform";
import type { FaultWindow, RollbackResult, TimelineEntry, TimelineKind } from "./journal.js";

/**
 * The run's live timeline: each entry printed as it happens (on stderr, as progress, so that stdout keeps
 * the outcome alone) and kept for the journal.
 */
export class Timeline {
  readonly entries: TimelineEntry[] = [];
  readonly faults: FaultWindow[] = [];
  private readonly started = Date.now();

  constructor(
    private readonly print: (line: string, entry: TimelineEntry) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  log(kind: TimelineKind, message: string): void {
    const at = new Date();
    const entry = { at: at.toISOString(), kind, message };
    this.entries.push(entry);
    const offset = ((at.getTime() - this.started) / 1000).toFixed(1).padStart(6);
    this.print(`[+${offset}s] ${kind.padEnd(11)} ${message}`, entry);
  }

  fault(label: string, start: Date, end: Date): void {
    this.faults.push({ label, start: start.toISOString(), end: end.toISOString() });
  }
}

/**
 * Undo actions registered as faults are applied. They all run, in reverse order, whatever
 * happened before: a failed expectation, an exception, or a signal.
 */
export class Rollback {
  private readonly undo: { action: string; run: () => Promise<void> }[] = [];
  readonly results: RollbackResult[] = [];

  add(action: string, run: () => Promise<void>): () => void {
    const entry = { action, run };
    this.undo.push(entry);
    return () => {
      const index = this.undo.indexOf(entry);
      if (index >= 0) this.undo.splice(index, 1);
    };
  }

  async runAll(timeline: Timeline): Promise<void> {
    while (this.undo.length > 0) {
      const { action, run } = this.undo.pop()!;
      try {
        await run();
        this.results.push({ action, ok: true });
        timeline.log("rollback", action);
      } catch (error) {
        this.results.push({ action, ok: false, error: (error as Error).message });
        timeline.log("error", `rollback '${action}' failed: ${(error as Error).message}`);
      }
    }
  }
}

/** A pause of an experiment's method, in seconds; an abort ends it early, without an error. */
export const pauseFor = (seconds: number, signal?: AbortSignal): Promise<void> =>
  sleep(seconds * 1000, undefined, { signal }).catch(() => undefined);
