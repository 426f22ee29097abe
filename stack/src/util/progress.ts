/** Progress lines for long steps: component, step and elapsed time, with a heartbeat so nothing looks hung. */
const HEARTBEAT_MS = 15_000;

export function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

export function say(component: string, message: string): void {
  process.stderr.write(`[${component}] ${message}\n`);
}

export async function step<T>(component: string, name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  say(component, `${name}…`);
  const heartbeat = setInterval(
    () => say(component, `${name} still running (${formatElapsed(Date.now() - started)})`),
    HEARTBEAT_MS,
  );
  try {
    const result = await work();
    say(component, `${name} done (${formatElapsed(Date.now() - started)})`);
    return result;
  } catch (error) {
    throw new StepError(component, name, error);
  } finally {
    clearInterval(heartbeat);
  }
}

/** A failed step, named by component and step so that the message says where to look. */
export class StepError extends Error {
  constructor(
    readonly component: string,
    readonly step: string,
    cause: unknown,
  ) {
    super(`${component}: ${step} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "StepError";
  }
}
