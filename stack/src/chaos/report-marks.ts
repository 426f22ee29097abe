/** What a plot marks besides its data: the moments alerts fired and resolved and the load stopped, and a series' limit. */
import type { Journal, Series } from "./journal.js";
import { escapeText, formatValue, runOffset, secondsBetween } from "./report-format.js";

/** The plot area inside the SVG. */
export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Rough width of one 11px label character, to keep labels apart and inside the plot. */
export const CHAR_WIDTH = 6.2;
/** A white outline behind text, so a line crossing it does not blur it. */
export const HALO = `stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`;

export const round = (value: number) => value.toFixed(1);

/** The marker labels sit in rows between the title and the plot. */
const LANE_TOP = 24;
const ROW_HEIGHT = 13;
const LABEL_GAP = 8;

type MarkerKind = "fired" | "resolved" | "load-stopped";

const COLOUR: Record<MarkerKind, string> = { fired: "#c2410c", resolved: "#15803d", "load-stopped": "#4b5563" };

export interface Marker {
  at: string;
  kind: MarkerKind;
  label: string;
}

// The journal has no field for the end of the load; the runner logs this phase when k6 stops.
const LOAD_STOPPED = /^load stopped\b/;

export function markers(journal: Journal): Marker[] {
  const alerts = journal.alerts.flatMap((alert): Marker[] => [
    ...(alert.firedAt ? [{ at: alert.firedAt, kind: "fired" as const, label: `${alert.name} fired` }] : []),
    ...(alert.resolvedAt ? [{ at: alert.resolvedAt, kind: "resolved" as const, label: `${alert.name} resolved` }] : []),
  ]);
  const loadStopped = journal.timeline.find((entry) => entry.kind === "phase" && LOAD_STOPPED.test(entry.message));
  const load: Marker[] = loadStopped ? [{ at: loadStopped.at, kind: "load-stopped", label: "load stopped" }] : [];
  return [...alerts, ...load].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export interface PlacedMarker {
  marker: Marker;
  x: number;
  row: number;
  /** A label that would leave the plot on the right is written leftwards from its line. */
  anchor: "start" | "end";
}

/**
 * The markers within the plot's time range (seconds since the run started), at their x. Each label
 * takes the first row where it clears every label already there, so none overlap.
 */
export function placeMarkers(
  journal: Journal,
  range: { from: number; to: number },
  toX: (secondsIntoRun: number) => number,
  right: number,
): PlacedMarker[] {
  const rows: [number, number][][] = [];
  const within = (marker: Marker) => {
    const at = secondsBetween(journal.startedAt, marker.at);
    return at >= range.from && at <= range.to ? [{ marker, x: toX(at) }] : [];
  };
  return markers(journal)
    .flatMap(within)
    .map(({ marker, x }) => {
      const width = marker.label.length * CHAR_WIDTH + 4;
      const anchor = x + width > right ? "end" : "start";
      const span: [number, number] = anchor === "start" ? [x, x + width] : [x - width, x];
      const clears = (taken: [number, number][]) =>
        taken.every(([start, end]) => span[1] + LABEL_GAP < start || span[0] > end + LABEL_GAP);
      const free = rows.findIndex(clears);
      const row = free === -1 ? rows.push([]) - 1 : free;
      rows[row]!.push(span);
      return { marker, x, row, anchor };
    });
}

/** Where the plot starts below the title and the marker rows. */
export const plotTop = (placed: PlacedMarker[]) => {
  const rows = placed.reduce((most, { row }) => Math.max(most, row + 1), 0);
  return rows === 0 ? 30 : LANE_TOP + rows * ROW_HEIGHT + 8;
};

const baseline = (row: number) => LANE_TOP + 10 + row * ROW_HEIGHT;

const tooltip = (journal: Journal, marker: Marker) =>
  `<title>${escapeText(`${marker.label} at ${runOffset(journal, marker.at)}`)}</title>`;

/** The dashed lines, drawn under everything else. */
export const markerLines = (placed: PlacedMarker[], frame: Frame, journal: Journal) =>
  placed.map(
    ({ marker, x, row }) =>
      `<g class="marker ${marker.kind}">${tooltip(journal, marker)}` +
      `<line x1="${round(x)}" x2="${round(x)}" y1="${baseline(row) + 3}" y2="${frame.bottom}" stroke="${COLOUR[marker.kind]}" stroke-width="1.25" stroke-dasharray="4 3"/></g>`,
  );

/** The labels, drawn over the lines. */
export const markerLabels = (placed: PlacedMarker[], journal: Journal) =>
  placed.map(
    ({ marker, x, row, anchor }) =>
      `<g class="marker-label">${tooltip(journal, marker)}` +
      `<text x="${round(anchor === "start" ? x + 3 : x - 3)}" y="${baseline(row)}" text-anchor="${anchor}" fill="${COLOUR[marker.kind]}" ${HALO}>${escapeText(marker.label)}</text></g>`,
  );

/** The series' limit as a labelled dashed line across the plot. */
export function thresholdLine(series: Series, y: (value: number) => number, frame: Frame): string {
  if (!series.threshold) return "";
  const at = y(series.threshold.value);
  const text = `${series.threshold.label} ${formatValue(series.threshold.value, series.unit)}`;
  // Above the line, unless the line is the plot's top edge.
  const labelY = at - 14 < frame.top ? at + 13 : at - 5;
  return [
    `<g class="threshold"><title>${escapeText(text)}</title>`,
    `<line x1="${frame.left}" x2="${frame.right}" y1="${round(at)}" y2="${round(at)}" stroke="#7c3aed" stroke-width="1.5" stroke-dasharray="7 4"/>`,
    `<text x="${frame.right - 4}" y="${round(labelY)}" text-anchor="end" font-weight="600" fill="#7c3aed" ${HALO}>${escapeText(text)}</text></g>`,
  ].join("");
}
