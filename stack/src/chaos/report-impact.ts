/** How a run's fault showed: what users felt, and what moved behind the scenes, against the run's normal. */
import type { Journal, Series } from "./journal.js";
import { formatCount, formatValue } from "./report-format.js";

export interface Span {
  start: string;
  end: string;
}

export const listed = (items: string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/** From the first fault applied to the last one removed. */
export function faultSpan(journal: Journal): Span | undefined {
  if (journal.injection) return journal.injection;
  const starts = journal.faults.map((fault) => fault.start).sort();
  const ends = journal.faults.map((fault) => fault.end).sort();
  const [start, end] = [starts[0], ends.at(-1)];
  return start && end ? { start, end } : undefined;
}

const valuesWhen = (series: Series, when: (at: number) => boolean) =>
  series.points.flatMap(([at, value]) => (value !== null && Number.isFinite(value) && when(at) ? [value] : []));

function median(values: number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Peak {
  series: Series;
  peak: number;
  normal: number | undefined;
}

function peaks(journal: Journal, span: Span): Peak[] {
  const start = Date.parse(span.start) / 1000;
  // SLIs are rates over a trailing window, so their peak can come after the fault is removed.
  const end = Date.parse(span.end) / 1000 + (journal.recoverySeconds ?? 0);
  return journal.series.flatMap((series) => {
    const during = valuesWhen(series, (at) => at >= start && at <= end);
    if (during.length === 0) return [];
    const peak = during.reduce((max, value) => Math.max(max, value));
    return [{ series, peak, normal: median(valuesWhen(series, (at) => at < start)) }];
  });
}

function peakPhrase({ series, peak, normal }: Peak): string {
  const highest = formatValue(peak, series.unit);
  if (normal === undefined) return `${series.name} peaked at ${highest}`;
  const usual = formatValue(normal, series.unit);
  // A peak no higher than normal is no peak: say where the series stayed instead.
  if (highest === usual) return `${series.name} stayed at its normal ${usual}`;
  if (peak < normal) return `${series.name} stayed below its normal ${usual} (at most ${highest})`;
  return `${series.name} peaked at ${highest} (normally ${usual})`;
}

/** Any failed request is felt; a response time that doubles is where people start to notice. */
const felt = ({ series, peak, normal }: Peak) =>
  series.unit === "ratio" ? peak > 0 : normal !== undefined && peak > 2 * normal;

/** The load's clients, who see a dead gateway that the gateway's own metrics cannot: their failed placements, if any. */
function clientPhrase(journal: Journal): string | undefined {
  const placements = journal.load.placements;
  if (!placements) return undefined;
  const { acknowledged, refused, unknown, succeededOnRetry } = placements;
  const how = [
    ...(unknown ? [`${formatCount(unknown)} got no answer or a 5xx even when retried`] : []),
    ...(refused ? [`${formatCount(refused)} were refused`] : []),
    ...(succeededOnRetry ? [`${formatCount(succeededOnRetry)} succeeded only when retried with the same key`] : []),
  ];
  if (how.length === 0) return undefined;
  return `of ${formatCount(acknowledged + refused + unknown)} placements by k6's clients, ${listed(how)}`;
}

export function impactSentences(journal: Journal): string[] {
  const span = faultSpan(journal);
  if (!span) return [];
  const all = peaks(journal, span);
  const userFacing = all.filter((peak) => peak.series.unit === "ratio" || peak.series.unit === "s");
  const behindTheScenes = all.filter((peak) => !userFacing.includes(peak));
  const clients = clientPhrase(journal);
  const lead = userFacing.some(felt) || clients ? "Users felt it" : "Users hardly noticed";
  const seen = [...(clients ? [clients] : []), ...userFacing.map(peakPhrase)];
  return [
    ...(seen.length ? [`${lead}: ${listed(seen)}.`] : []),
    ...(behindTheScenes.length ? [`Behind the scenes, ${listed(behindTheScenes.map(peakPhrase))}.`] : []),
  ];
}
