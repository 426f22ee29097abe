import { formatElapsed } from "../util/progress.js";
import type { GameDay } from "./gameday.js";
import type { Journal } from "./journal.js";
import { explain } from "./report-explain.js";
import { runDashboards } from "./run-dashboards.js";

/** Whether the trainee named the experiment that ran, and how long after the fault began they did. */
export function judgeAnswer(gameDay: GameDay, journal: Journal): { right: boolean; diagnosedInMs?: number } {
  const right = gameDay.answer?.experiment === journal.experiment.id;
  const faultAt = journal.injection ? Date.parse(journal.injection.start) : undefined;
  const answeredAt = gameDay.answer ? Date.parse(gameDay.answer.at) : undefined;
  return faultAt !== undefined && answeredAt !== undefined ? { right, diagnosedInMs: answeredAt - faultAt } : { right };
}

/** The reveal: the answer judged, then the drill's own explanation of what happened and where it showed. */
export function revealLines(gameDay: GameDay, journal: Journal): string[] {
  const { experiment } = journal;
  const { right, diagnosedInMs } = judgeAnswer(gameDay, journal);
  const firstPage = journal.alerts
    .map((alert) => alert.firedAt)
    .filter((at): at is string => at !== undefined)
    .sort()[0];
  const faultAt = journal.injection?.start;
  const lines = [
    "",
    `== Game day reveal: ${experiment.title} (${experiment.id}) ==`,
    "",
    gameDay.answer
      ? right
        ? `Your answer, ${gameDay.answer.experiment}, is RIGHT.`
        : `Your answer, ${gameDay.answer.experiment}, is WRONG: it was ${experiment.id}.`
      : "No answer was given.",
  ];
  if (diagnosedInMs !== undefined) {
    const when =
      diagnosedInMs >= 0 ? `${formatElapsed(diagnosedInMs)} after the fault began` : "before the fault began";
    lines.push(`Time to diagnose: ${when}.`);
  }
  if (firstPage && faultAt) {
    lines.push(
      `The first page came ${formatElapsed(Date.parse(firstPage) - Date.parse(faultAt))} after the fault began.`,
    );
  }
  lines.push(
    "",
    `What was done: ${experiment.hypothesis}`,
    "",
    `Verdict of the run: ${journal.verdict.toUpperCase()}`,
    "What the signals showed:",
    ...explain(journal).map((sentence) => `  - ${sentence}`),
    "",
    `What happens inside: ${experiment.story.inside}`,
    "",
    `Where it showed: ${experiment.story.watch}`,
    ...runDashboards(journal).map(({ title, url }) => `  ${title} on this run's window: ${url}`),
    "",
    `Alerts: ${experiment.story.alerts}`,
  );
  return lines;
}
