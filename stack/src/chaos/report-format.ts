/** Escaping and number formatting shared by the chaos reports (JUnit, HTML, terminal). */
import type { ExpectationResult, Journal, Series, TimelineEntry } from "./journal.js";

// XML 1.0 forbids these even as character references (ANSI colour codes in a logged message are
// the usual culprit), so they are written as visible \uXXXX text instead of breaking the document.
// eslint-disable-next-line no-control-regex
const NOT_AN_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const visibleEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** For XML or HTML element text and double-quoted attributes. */
export function escapeText(text: string): string {
  return text
    .replace(NOT_AN_XML_CHARACTER, visibleEscape)
    .replace(LONE_SURROGATE, visibleEscape)
    .replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Also keeps line breaks and tabs, which attribute-value normalization would turn into spaces. */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/[\t\n\r]/g, (char) => `&#${char.charCodeAt(0)};`);
}

const decimal = (value: number, maximumFractionDigits: number) =>
  new Intl.NumberFormat("en-US", { maximumFractionDigits }).format(value);

/** 1234 → "1,234". */
export const formatCount = (value: number) => decimal(value, 0);

/** A plain number: 0.08349999999999988 → "0.0835", 12.345 → "12.35". */
export const formatNumber = (value: number) =>
  Math.abs(value) >= 1
    ? decimal(value, 2)
    : new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 }).format(value);

/** 0.3 → "300 ms", 2.14 → "2.1 s", 71 → "71 s", 150 → "2 min 30 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 0) return `-${formatSeconds(-seconds)}`;
  if (seconds > 0 && seconds < 1) return `${decimal(seconds * 1000, seconds < 0.01 ? 1 : 0)} ms`;
  if (seconds < 10) return `${decimal(seconds, 1)} s`;
  const whole = Math.round(seconds);
  // Up to two minutes, seconds alone read faster than "1 min 11 s".
  if (whole < 120) return `${whole} s`;
  const rest = whole % 60;
  return rest === 0 ? `${whole / 60} min` : `${Math.floor(whole / 60)} min ${rest} s`;
}

/** A value already in percent: 12.5 → "12.5%", 0.123 → "0.12%". */
export const formatPercent = (percent: number) => `${decimal(percent, Math.abs(percent) >= 10 ? 1 : 2)}%`;

export function formatValue(value: number, unit: Series["unit"]): string {
  switch (unit) {
    case "s":
      return formatSeconds(value);
    case "ratio":
      return formatPercent(value * 100);
    case "messages":
      return `${formatCount(value)} ${value === 1 ? "message" : "messages"}`;
    case "x":
      return `${decimal(value, 1)}×`;
  }
}

/** "2025-06-02 10:00:00 UTC": an ISO time to the second. */
export const formatTime = (iso: string) =>
  Number.isNaN(Date.parse(iso)) ? iso : `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** Seconds from one ISO time to another. */
export const secondsBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** "+12.3 s": when something happened, counted from the start of the run. */
export const runOffset = (journal: Journal, at: string) => `+${secondsBetween(journal.startedAt, at).toFixed(1)} s`;

export const timelineLine = (journal: Journal, entry: TimelineEntry) =>
  `${runOffset(journal, entry.at).padStart(9)}  ${entry.kind.padEnd(11)}  ${entry.message}`;

export const expectationOutcome = (expectation: ExpectationResult) =>
  expectation.skipped ? "skipped" : expectation.passed ? "pass" : "fail";

export const failedExpectations = (journal: Journal) =>
  journal.expectations.filter((expectation) => expectationOutcome(expectation) === "fail");
