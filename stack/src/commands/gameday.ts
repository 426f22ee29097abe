import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveExperiment } from "../chaos/catalog.js";
import {
  beginGameDay,
  blindTimeline,
  pageWatcher,
  pickExperiment,
  readGameDay,
  recordAnswer,
  writeGameDay,
} from "../chaos/gameday.js";
import { revealLines } from "../chaos/gameday-reveal.js";
import type { Journal } from "../chaos/journal.js";
import { proxies } from "../chaos/links.js";
import { runExperiments, writeReports } from "../chaos/suite.js";
import { startStack } from "../native/start.js";
import { UsageError } from "../util/usage.js";

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * firebreak gameday start [experiment] | answer <experiment>: a drill that does not say which fault
 * it injected. The trainee gets the pages with their dashboards and runbooks, names the fault, and
 * the reveal judges the answer and explains the run.
 */
export async function gameday(args: string[]): Promise<number> {
  const [subcommand, name] = args;
  if (subcommand === "start") return start(name);
  if (subcommand === "answer") return answer(name);
  throw new UsageError(`unknown gameday command '${subcommand ?? ""}': expected start or answer`);
}

async function start(name: string | undefined): Promise<number> {
  const experiment = pickExperiment(name);
  if (proxies() === "bypass") {
    throw new UsageError("a game day injects faults through Toxiproxy: unset FIREBREAK_PROXIES=bypass and restart");
  }
  beginGameDay();
  const upCode = await startStack("full", true);
  if (upCode !== 0) return upCode;
  const startedAt = new Date();
  writeGameDay({ startedAt: startedAt.toISOString(), status: "running" });
  out("\n== Game day: you are on call ==\n");
  out("Load is running against the platform, and something is about to go wrong. You get what on-call gets:");
  out("the pages below, each with its dashboard and runbook. When you know what broke, answer from another");
  out("terminal with `npx firebreak gameday answer <experiment>` (`npx firebreak chaos list` names them).\n");
  const pages = pageWatcher(startedAt, out);
  let journal: Journal | undefined;
  try {
    [journal] = await runExperiments([experiment], { drill: true, timeline: () => blindTimeline(out) });
  } finally {
    await pages.stop();
  }
  if (!journal) return 1;
  const dir = writeReports([journal]);
  const journalFile = join(dir, `${journal.experiment.id}.journal.json`);
  writeGameDay({ startedAt: startedAt.toISOString(), status: "ended", journal: journalFile });
  // Read after the run is marked ended: an answer recorded before that is revealed here, one after it
  // by `gameday answer` itself, so no answer goes without its reveal.
  const gameDay = readGameDay()!;
  if (gameDay.answer) revealLines(gameDay, journal).forEach(out);
  else
    out(
      "\nThe incident is over. Name what broke with `npx firebreak gameday answer <experiment>`; the reveal follows.",
    );
  return journal.verdict === "pass" ? 0 : 1;
}

function answer(name: string | undefined): number {
  if (name === undefined) {
    throw new UsageError(
      "gameday answer needs the experiment you think ran, e.g. postgres-down (firebreak chaos list)",
    );
  }
  const named = resolveExperiment(name).id;
  if (!readGameDay()) {
    process.stderr.write("firebreak: no game day has started here (firebreak gameday start)\n");
    return 1;
  }
  const standing = recordAnswer(named);
  if (standing.experiment !== named) {
    out(`You answered ${standing.experiment} already, at ${standing.at}; a first answer is final.`);
  }
  const gameDay = readGameDay()!;
  if (gameDay.status === "ended" && gameDay.journal) {
    revealLines(gameDay, JSON.parse(readFileSync(gameDay.journal, "utf8")) as Journal).forEach(out);
  } else {
    out(
      `Answer recorded: ${standing.experiment}. The reveal follows when the incident ends, in the game day's terminal.`,
    );
  }
  return 0;
}
