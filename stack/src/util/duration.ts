const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 } as const;
export type DurationUnit = keyof typeof UNIT_SECONDS;
const PATTERN = /^(\d+)(ms|s|m|h|d)?$/;

/**
 * Firebreak's one reading of a duration: a whole number and a unit ("500ms", "90s", "10m", "2h",
 * "1d"), in seconds. Undefined when the text is not one, or its unit is not among those the caller
 * takes. A bare number is seconds only where `bare` allows it (the CLI's --duration).
 */
export function durationSeconds(
  text: string,
  units: readonly DurationUnit[],
  { bare = false }: { bare?: boolean } = {},
): number | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const unit = match[2] as DurationUnit | undefined;
  if (unit === undefined) return bare ? Number(match[1]) : undefined;
  return units.includes(unit) ? Number(match[1]) * UNIT_SECONDS[unit] : undefined;
}
