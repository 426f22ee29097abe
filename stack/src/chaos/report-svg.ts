/** One inline SVG line plot per series: every fault window shaded, alerts and the load's end marked, its limit drawn. */
import type { FaultWindow, Journal, Series } from "./journal.js";
import { escapeAttribute, escapeText, formatCount, formatValue, secondsBetween } from "./report-format.js";
import { humanName } from "./report-readable.js";
import {
  CHAR_WIDTH,
  type Frame,
  HALO,
  markerLabels,
  markerLines,
  placeMarkers,
  plotTop,
  round,
  thresholdLine,
} from "./report-marks.js";

const WIDTH = 720;
const PLOT_HEIGHT = 176;
/** Below the plot: the x axis's ticks and title. */
const AXIS_HEIGHT = 44;
const LEFT = 76;
const RIGHT = 708;

const AXIS_TITLE: Record<Series["unit"], string> = {
  s: "seconds",
  ratio: "percent",
  messages: "messages",
  x: "× rate",
};

interface Scale {
  min: number;
  max: number;
  ticks: number[];
}

/** A range widened to round steps (1, 2 or 5 times a power of ten), with about `count` ticks. */
export function niceScale(min: number, max: number, count = 4): Scale {
  const rough = (max - min || Math.abs(max) || 1) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const low = Math.floor(min / step) * step;
  const high = Math.max(Math.ceil(max / step) * step, low + step);
  const ticks = Array.from({ length: Math.round((high - low) / step) + 1 }, (_, index) => low + index * step);
  return { min: low, max: high, ticks };
}

const extent = (values: number[], floor: number, ceiling: number) =>
  values.reduce<[number, number]>(
    ([low, high], value) => [Math.min(low, value), Math.max(high, value)],
    [floor, ceiling],
  );

const project = (scale: Scale, from: number, to: number) => (value: number) =>
  from + ((value - scale.min) / (scale.max - scale.min)) * (to - from);

/** Null points break the line; a lone point is drawn as a dot (a round-capped zero-length segment). */
function linePath(points: [number, number | null][], x: (t: number) => number, y: (v: number) => number): string {
  let segment: string[] = [];
  const segments = [segment];
  for (const [t, value] of points) {
    if (value !== null && Number.isFinite(value)) segment.push(`${round(x(t))},${round(y(value))}`);
    else if (segment.length > 0) segments.push((segment = []));
  }
  return segments
    .filter((points) => points.length > 0)
    .map(([first, ...rest]) => `M${first}${rest.length > 0 ? `L${rest.join("L")}` : "h0"}`)
    .join("");
}

function faultShade(fault: FaultWindow, index: number, journal: Journal, x: (t: number) => number, frame: Frame) {
  const clamp = (value: number) => Math.min(frame.right, Math.max(frame.left, value));
  const left = clamp(x(secondsBetween(journal.startedAt, fault.start)));
  const right = clamp(x(secondsBetween(journal.startedAt, fault.end)));
  const label = `${index + 1}. ${fault.label}`;
  const room = Math.floor((frame.right - left - 4) / CHAR_WIDTH);
  const shown = label.length > room ? `${label.slice(0, Math.max(0, room - 1))}…` : label;
  return [
    `<g><title>${escapeText(fault.label)}</title>`,
    `<rect class="fault-window" x="${round(left)}" y="${frame.top}" width="${round(Math.max(1, right - left))}" height="${frame.bottom - frame.top}" fill="#ef4444" fill-opacity="0.15"/>`,
    `<text x="${round(left + 4)}" y="${frame.top + 12 + (index % 3) * 13}" font-size="11" fill="#b91c1c" ${HALO}>${escapeText(shown)}</text></g>`,
  ].join("");
}

interface Scales {
  xScale: Scale;
  yScale: Scale;
  x: (t: number) => number;
  y: (v: number) => number;
}

function axes({ xScale, yScale, x, y }: Scales, series: Series, frame: Frame, height: number) {
  const yLabel = (value: number) => (series.unit === "messages" ? formatCount(value) : formatValue(value, series.unit));
  const yTicks = yScale.ticks.map(
    (tick) =>
      `<line x1="${frame.left}" x2="${frame.right}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="#e5e7eb"/>` +
      `<text x="${frame.left - 6}" y="${round(y(tick) + 4)}" text-anchor="end">${escapeText(yLabel(tick))}</text>`,
  );
  const xTicks = xScale.ticks.map(
    (tick) =>
      `<line x1="${round(x(tick))}" x2="${round(x(tick))}" y1="${frame.bottom}" y2="${frame.bottom + 4}" stroke="#6b7280"/>` +
      `<text x="${round(x(tick))}" y="${frame.bottom + 16}" text-anchor="middle">${Number(tick.toFixed(2))}</text>`,
  );
  return [
    ...yTicks,
    ...xTicks,
    `<line x1="${frame.left}" x2="${frame.right}" y1="${frame.bottom}" y2="${frame.bottom}" stroke="#6b7280"/>`,
    `<text x="${(frame.left + frame.right) / 2}" y="${height - 6}" text-anchor="middle">seconds since run start</text>`,
    `<text transform="translate(14 ${(frame.top + frame.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeText(AXIS_TITLE[series.unit] ?? series.unit)}</text>`,
  ].join("");
}

const finite = (value: number | null): value is number => value !== null && Number.isFinite(value);

export function seriesPlot(series: Series, journal: Journal): string {
  const runStart = Date.parse(journal.startedAt) / 1000;
  const points = series.points.map(([t, value]): [number, number | null] => [t - runStart, value]);
  const values = points.flatMap(([, value]) => (finite(value) ? [value] : []));
  // The limit is in range even when the data stays far below it: how far is the point.
  const bounds = series.threshold ? [...values, series.threshold.value] : values;
  const [xMin, xMax] = extent(
    points.map(([t]) => t),
    0,
    secondsBetween(journal.startedAt, journal.endedAt),
  );
  const [yMin, yMax] = extent(bounds, 0, bounds.length ? -Infinity : 1);
  const xScale = niceScale(xMin, xMax, 8);
  const yScale = niceScale(yMin, yMax, 4);
  const x = project(xScale, LEFT, RIGHT);
  const placed = placeMarkers(journal, { from: xScale.min, to: xScale.max }, x, RIGHT);
  const top = plotTop(placed);
  const frame: Frame = { left: LEFT, right: RIGHT, top, bottom: top + PLOT_HEIGHT };
  const height = frame.bottom + AXIS_HEIGHT;
  const y = project(yScale, frame.bottom, frame.top);
  const name = escapeAttribute(humanName(series.name));
  return [
    `<svg class="plot" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${name}" font-family="system-ui, sans-serif" font-size="11" fill="#374151">`,
    `<text x="${frame.left}" y="16" font-size="13" font-weight="600">${escapeText(humanName(series.name))}</text>`,
    axes({ xScale, yScale, x, y }, series, frame, height),
    ...markerLines(placed, frame, journal),
    ...journal.faults.map((fault, index) => faultShade(fault, index, journal, x, frame)),
    values.length
      ? `<path d="${linePath(points, x, y)}" fill="none" stroke="#2563eb" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round"/>`
      : `<text x="${(frame.left + frame.right) / 2}" y="${(frame.top + frame.bottom) / 2}" text-anchor="middle">no data</text>`,
    thresholdLine(series, y, frame),
    ...markerLabels(placed, journal),
    `</svg>`,
  ].join("\n");
}
