import { parseDuration } from "../load/run.js";
import { UsageError } from "../util/usage.js";

export interface CapacityOptions {
  /** Ops/s of the constant-rate plateaus, ascending. */
  rates: number[];
  /** Seconds of each plateau, ramp included. */
  plateauSeconds: number;
  /** Seconds of idle measured after each stack start. */
  idleSeconds: number;
  /** Seconds of each pgbench anchor. */
  pgbenchSeconds: number;
  /** Environment of the second column; none: the baseline alone. */
  variant?: Record<string, string>;
  /** How many times each column is measured, the columns alternating (ABBA…), each after a fresh start. */
  rounds: number;
}

export const DEFAULT_RATES = "60,120,240";
export const DEFAULT_PLATEAU_SECONDS = 120;
/** Below this, the measured part of a plateau (after its ramp and settling) is too short to judge. */
const MIN_PLATEAU_SECONDS = 40;

/** `--rates 60,120,240`: distinct positive ops/s, ascending. */
export function parseRates(text: string): number[] {
  const rates = text.split(",").map((part) => Number(part.trim()));
  if (text.trim() === "" || rates.some((rate) => !Number.isFinite(rate) || rate <= 0 || rate > 100_000)) {
    throw new UsageError(`bad --rates '${text}': expected operations per second, e.g. ${DEFAULT_RATES}`);
  }
  return [...new Set(rates)].sort((a, b) => a - b);
}

/** `--variant NAME=VALUE[,NAME=VALUE]`: the environment switches the second column's stack starts with. */
export function parseVariant(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const part of text.split(",")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(part.trim());
    if (!match) throw new UsageError(`bad --variant '${text}': expected NAME=VALUE, e.g. FIREBREAK_TRACING=off`);
    env[match[1]!] = match[2]!;
  }
  return env;
}

const MAX_ROUNDS = 6;

/** `--rounds N`: a whole number from 1 to 6. */
export function parseRounds(text: string): number {
  const rounds = Number(text);
  if (!/^\d+$/.test(text.trim()) || rounds < 1 || rounds > MAX_ROUNDS) {
    throw new UsageError(`bad --rounds '${text}': expected a whole number from 1 to ${MAX_ROUNDS}`);
  }
  return rounds;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, Math.round(value)));

/** The CLI's options, validated before anything runs; idle and pgbench lengths follow the plateau's. */
export function capacityOptions(options: {
  rates?: string;
  duration?: string;
  variant?: string;
  rounds?: string;
}): CapacityOptions {
  const plateauSeconds = options.duration === undefined ? DEFAULT_PLATEAU_SECONDS : parseDuration(options.duration);
  if (plateauSeconds < MIN_PLATEAU_SECONDS || plateauSeconds > 3600) {
    throw new UsageError(
      `bench capacity needs a --duration per plateau from ${MIN_PLATEAU_SECONDS}s to 1h, got '${options.duration}'`,
    );
  }
  return {
    rates: parseRates(options.rates ?? DEFAULT_RATES),
    plateauSeconds,
    idleSeconds: clamp(plateauSeconds / 2, 30, 60),
    pgbenchSeconds: clamp(plateauSeconds / 4, 10, 60),
    rounds: options.rounds === undefined ? 1 : parseRounds(options.rounds),
    ...(options.variant === undefined ? {} : { variant: parseVariant(options.variant) }),
  };
}
