import { sleep } from "@firebreak/platform";
import { randomInt } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedAlert } from "../alert-recorder/recorder.js";
import { recordedAlerts } from "../clients/alertmanager.js";
import { stackPaths } from "../native/paths.js";
import { experimentFiles, resolveExperiment } from "./catalog.js";
import type { Experiment } from "./experiment.js";
import type { TimelineEntry } from "./journal.js";
import { Timeline } from "./timeline.js";

/**
 * A game day in progress or ended, kept in the stack's state. The run and the answer are two files,
 * each written by one command only: `gameday start` the run, `gameday answer` the answer (created
 * once, exclusively, so a first answer is final), and neither can overwrite what the other wrote.
 */
export interface GameDay {
  startedAt: string;
  status: "starting" | "running" | "ended";
  /** The journal of the run, once it has ended. */
  journal?: string;
  answer?: Answer;
}

export interface Answer {
  experiment: string;
  at: string;
}

const runFile = () => join(stackPaths().state, "gameday.json");
const answerFile = () => join(stackPaths().state, "gameday-answer.json");

export function readGameDay(): GameDay | undefined {
  if (!existsSync(runFile())) return undefined;
  const run = JSON.parse(readFileSync(runFile(), "utf8")) as GameDay;
  const answer = existsSync(answerFile()) ? (JSON.parse(readFileSync(answerFile(), "utf8")) as Answer) : undefined;
  return answer ? { ...run, answer } : run;
}

/** The run's state, written whole and renamed into place: a reader never sees half of it. */
export function writeGameDay({ answer: _answer, ...run }: GameDay): void {
  mkdirSync(stackPaths().state, { recursive: true });
  writeFileSync(`${runFile()}.tmp`, `${JSON.stringify(run, null, 2)}\n`);
  renameSync(`${runFile()}.tmp`, runFile());
}

/** A new game day: the last one's answer goes, so that no answer given before this one counts. */
export function beginGameDay(): void {
  rmSync(answerFile(), { force: true });
  writeGameDay({ startedAt: new Date().toISOString(), status: "starting" });
}

/** Records the answer unless one was given already; the answer that stands is returned. */
export function recordAnswer(experiment: string): Answer {
  const answer = { experiment, at: new Date().toISOString() };
  try {
    writeFileSync(answerFile(), `${JSON.stringify(answer)}\n`, { flag: "wx" });
    return answer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readGameDay()!.answer!;
  }
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
    if (!shown(entry)) return;
    // A verdict's reason names failed expectations or a step's error, which would name the fault.
    const blind = entry.message.startsWith("verdict") ? line.replace(/(verdict: \w+).*$/, "$1") : line;
    print(blind.replace(/ \(chaos-[\w-]+\)$/, ""));
  });
}

/**
 * Prints each page notification once, with the links an on-call engineer gets. A resolution is
 * printed only for a page this announcer printed firing: one that fired before the game day (a
 * drill's, say) and resolves during it is no news to the trainee.
 */
export function pageAnnouncer(print: (line: string) => void): (alert: RecordedAlert) => void {
  const seen = new Set<string>();
  const paged = new Set<string>();
  return (alert) => {
    const key = `${alert.fingerprint}/${alert.status}/${alert.startsAt}`;
    if (seen.has(key) || alert.receiver !== "page") return;
    if (alert.status !== "firing" && !paged.has(alert.fingerprint)) return;
    seen.add(key);
    const at = new Date(alert.receivedAt).toISOString().slice(11, 19);
    print(`${at}  ${alert.status === "firing" ? "PAGE    " : "RESOLVED"}  ${alert.alertname}`);
    if (alert.status !== "firing") return;
    paged.add(alert.fingerprint);
    const { summary, dashboard_url: dashboard, runbook_url: runbook } = alert.annotations ?? {};
    if (summary) print(`          ${summary}`);
    if (dashboard) print(`          dashboard: ${dashboard}`);
    if (runbook) print(`          runbook:   ${runbook}`);
  };
}

/** Prints each page as Alertmanager sends it, until stopped. */
export function pageWatcher(since: Date, print: (line: string) => void): { stop: () => Promise<void> } {
  const announce = pageAnnouncer(print);
  let running = true;
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
