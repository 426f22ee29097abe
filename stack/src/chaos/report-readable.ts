/** Readable names and values for the chaos reports: words for snake_case names, rounded probe readings, no machine paths. */
import { homedir } from "node:os";
import { cacheDir, REPO_ROOT, stateDir } from "../native/paths.js";
import type { Journal, Series } from "./journal.js";
import { formatNumber, formatValue } from "./report-format.js";

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
