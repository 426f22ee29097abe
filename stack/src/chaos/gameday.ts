import { sleep } from "@firebreak/platform";
import { randomInt } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedAlert } from "../alert-recorder/recorder.js";
import { recordedAlerts } from "../clients/alertmanager.js";
import { stackPaths } from "../native/paths.js";
import { experimentFiles, resolveExperiment } from "./catalog.js";
import type { Experiment } from "./experiment.js";
import type { TimelineEntry } from "./journal.js";
import { Timeline } from "./timeline.js";

/** A game day in progress or ended, kept in the stack's state so that `gameday answer` can find it. */
export interface GameDay {
  startedAt: string;
  status: "running" | "ended";
  /** The journal of the run, once it has ended. */
  journal?: string;
  answer?: { experiment: string; at: string };
}

export const gameDayFile = () => join(stackPaths().state, "gameday.json");

export function readGameDay(): GameDay | undefined {
  return existsSync(gameDayFile()) ? (JSON.parse(readFileSync(gameDayFile(), "utf8")) as GameDay) : undefined;
}

export function writeGameDay(gameDay: GameDay): void {
  writeFileSync(gameDayFile(), `${JSON.stringify(gameDay, null, 2)}\n`);
}

/** The experiments a trainee can diagnose: those whose fault pages someone. */
export function gameDayExperiments(): Experiment[] {
  return experimentFiles()
    .map(resolveExperiment)
    .filter((experiment) => (experiment.expect.alerts?.fire.length ?? 0) > 0);
}

/** The instructor's choice, or one picked at random from those that page. */
export function pickExperiment(name: string | undefined): Experiment {
  if (name !== undefined) return resolveExperiment(name);
  const candidates = gameDayExperiments();
  return candidates[randomInt(candidates.length)]!;
}

/**
 * What an on-call engineer would see of the run: load starting, the steady state, the verdict. No
 * title, no fault, no heal: those would give the answer away. The pages arrive from pageWatcher.
 */
export function blindTimeline(print: (line: string) => void): Timeline {
  const shown = (entry: TimelineEntry) =>
    (entry.kind === "phase" && /^(load:|verdict)/.test(entry.message)) ||
    (entry.kind === "probe" && entry.message.startsWith("steady state holds"));
  return new Timeline((line, entry) => {
    if (shown(entry)) print(line.replace(/ \(chaos-[\w-]+\)$/, ""));
  });
}

/** Prints each page as Alertmanager sends it, with the links an on-call engineer gets, until stopped. */
export function pageWatcher(since: Date, print: (line: string) => void): { stop: () => Promise<void> } {
  const seen = new Set<string>();
  let running = true;
  const announce = (alert: RecordedAlert) => {
    const key = `${alert.fingerprint}/${alert.status}/${alert.startsAt}`;
    if (seen.has(key) || alert.receiver !== "page") return;
    seen.add(key);
    const at = new Date(alert.receivedAt).toISOString().slice(11, 19);
    print(`${at}  ${alert.status === "firing" ? "PAGE    " : "RESOLVED"}  ${alert.alertname}`);
    const { summary, dashboard_url: dashboard, runbook_url: runbook } = alert.annotations ?? {};
    if (alert.status !== "firing") return;
    if (summary) print(`          ${summary}`);
    if (dashboard) print(`          dashboard: ${dashboard}`);
    if (runbook) print(`          runbook:   ${runbook}`);
  };
  const loop = (async () => {
    while (running) {
      try {
        (await recordedAlerts(since)).forEach(announce);
      } catch {
        // The recorder may be restarting; the next poll catches up on what it missed.
      }
      await sleep(5_000);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      (await recordedAlerts(since).catch(() => [])).forEach(announce);
    },
  };
}
