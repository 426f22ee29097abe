/** Escaping, number formatting and readable names shared by the chaos reports (JUnit, HTML, terminal). */
import { homedir } from "node:os";
import { cacheDir, REPO_ROOT, stateDir } from "../native/paths.js";
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

const ACRONYMS = new Set(["api", "cdc", "dlq", "http", "sli", "slo"]);

/** A machine name as words in a sentence: placement_p99_seconds → "placement p99 latency". */
export const humanWords = (name: string) =>
  name
    .split(/[_-]+/)
    .filter(Boolean)
    .map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word))
    .join(" ")
    // A percentile in seconds is a latency.
    .replace(/\b(p\d+) seconds$/, "$1 latency");

/** A machine name as a heading or table cell: order-placement-availability → "Order placement availability". */
export const humanName = (name: string) => {
  const words = humanWords(name);
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A probe's unit, from its name's suffix (placement_p99_seconds, placement_error_ratio); anything else is a count. */
const probeUnit = (name: string): Series["unit"] | undefined =>
  name.endsWith("_seconds") ? "s" : name.endsWith("_ratio") ? "ratio" : undefined;

export function formatProbeValue(name: string, value: number | null): string {
  if (value === null) return "no data";
  const unit = probeUnit(name);
  return unit ? formatValue(value, unit) : formatNumber(value);
}

/** The runner logs probes as `placement_error_ratio=0.0012 (max 0.01)`. */
const PROBE_READING = /\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)=(no data|-?[\d.]+(?:e-?\d+)?) \(max (-?[\d.]+(?:e-?\d+)?)\)/g;

const readableProbes = (text: string) =>
  text.replace(PROBE_READING, (_, name: string, value: string, max: string) => {
    const reading = formatProbeValue(name, value === "no data" ? null : Number(value));
    return `${humanWords(name)} ${reading} (max ${formatProbeValue(name, Number(max))})`;
  });

/** Float noise in logged text: 0.08349999999999988 → 0.0835, 1234.567891 → 1235. */
const roundNoise = (text: string) =>
  text.replace(/(?<![\w.:])\d+\.\d{5,}(?!\.?\d)/g, (number) =>
    String(Number(Number(number).toPrecision(Math.max(3, number.indexOf("."))))),
  );

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where this machine keeps things, and what a report says instead. */
function machineRoots(): [string, string][] {
  // The nearest root wins (the checkout may lie in the home directory); by then, state and cache
  // under either are already relative, so these two only hide a state or cache kept elsewhere.
  const nested: [string, string][] = [
    [REPO_ROOT, "."],
    [homedir(), "~"],
  ];
  nested.sort(([a], [b]) => b.length - a.length);
  const roots: [string, string][] = [...nested, [stateDir(), "<state>"], [cacheDir(), "<cache>"]];
  return roots.filter(([root]) => root.length > 1);
}

/** A path under the repository becomes relative to it, one under the home directory starts with ~. */
export const withoutMachinePaths = (text: string) =>
  machineRoots().reduce(
    (result, [root, name]) =>
      result.replace(new RegExp(`${escapeRegExp(root)}(/|(?![\\w.-]))`, "g"), (_, slash: string) =>
        slash && name === "." ? "" : `${name}${slash}`,
      ),
    text,
  );

/** Each of these SLO names (order-placement-availability) as words wherever a text mentions it. */
const sloWords = (slos: string[]) => (text: string) =>
  slos.reduce(
    (result, slo) =>
      result.replace(new RegExp(`(?<![\\w/.-])${escapeRegExp(slo)}(?![\\w-]|\\.\\w)`, "g"), humanWords(slo)),
    text,
  );

/** The journal as a page shows it: no path of this machine, names and probe readings in words, no float noise. */
export function readableJournal(journal: Journal): Journal {
  const namedSlos = sloWords(journal.budget.map((budget) => budget.slo));
  const readable = (text: string) => roundNoise(readableProbes(namedSlos(withoutMachinePaths(text))));
  return JSON.parse(JSON.stringify(journal), (_, value: unknown) =>
    typeof value === "string" ? readable(value) : value,
  ) as Journal;
}
