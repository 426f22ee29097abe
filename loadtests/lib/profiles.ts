/**
 * Firebreak's load profiles as k6 arrival-rate scenarios (the open model: iterations start on
 * schedule whatever the latency, so an overloaded system cannot slow its own load down). Pure
 * data and arithmetic, imported by the k6 script and by the `firebreak load` CLI alike.
 * One iteration is one operation of the traffic mix.
 */

/** 10 million operations a day as a mean rate: 10,000,000 / 86,400 s. */
export const MEAN_RATE_10M_PER_DAY = 10_000_000 / 86_400;

export interface Stage {
  /** Operations per minute reached at the end of the stage (k6 ramps linearly towards it). */
  target: number;
  duration: string;
}

/**
 * k6 takes whole numbers of iterations per time unit; per minute keeps rates such as 115.7/s
 * (6,944/min) within 0.01/s of what was asked.
 */
export interface Scenario {
  executor: "ramping-arrival-rate";
  startRate: number;
  timeUnit: "1m";
  stages: Stage[];
  preAllocatedVUs: number;
  maxVUs: number;
}

export interface Profile {
  name: ProfileName;
  description: string;
  scenario: Scenario;
  /** Breakpoint: stop at the first threshold that fails, and report the rate reached. */
  abortOnFail: boolean;
}

export const PROFILE_NAMES = ["smoke", "average", "peak", "stress", "spike", "soak", "breakpoint"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface ProfileOptions {
  /** The profile's characteristic rate (ops/s): its plateau, its mean, or the breakpoint's ceiling. */
  rate?: number;
  /** Total length in seconds. */
  durationSeconds?: number;
}

const DEFAULTS: Record<ProfileName, { rate: number; durationSeconds: number; description: string }> = {
  smoke: { rate: 2, durationSeconds: 20, description: "a few operations per second: does everything answer?" },
  average: { rate: MEAN_RATE_10M_PER_DAY, durationSeconds: 600, description: "10M operations a day, held" },
  peak: {
    rate: MEAN_RATE_10M_PER_DAY,
    durationSeconds: 1440,
    description: "a diurnal day compressed (a minute per hour by default), mean 10M/day",
  },
  stress: { rate: 700, durationSeconds: 300, description: "well above peak: where does it bend?" },
  spike: { rate: MEAN_RATE_10M_PER_DAY, durationSeconds: 300, description: "5× the mean within a minute" },
  soak: { rate: MEAN_RATE_10M_PER_DAY, durationSeconds: 7200, description: "the mean for hours: leaks and drift" },
  breakpoint: { rate: 2000, durationSeconds: 600, description: "ramps until an SLO threshold breaks" },
};

const seconds = (value: number) => `${Math.max(1, Math.round(value))}s`;
const perMinute = (perSecond: number) => Math.max(1, Math.round(perSecond * 60));
/** A stage's or scenario's rate in operations per second. */
export const perSecond = (perMinuteRate: number) => perMinuteRate / 60;

/** r(h) = mean·(1 + 0.8·sin(2π(h−9)/24)): a 1.8× peak at 15:00 and a 0.2× trough at 03:00, mean exactly `mean`. */
export function diurnalRate(mean: number, hour: number): number {
  return mean * (1 + 0.8 * Math.sin((2 * Math.PI * (hour - 9)) / 24));
}

function stagesOf(name: ProfileName, rate: number, duration: number): { startRate: number; stages: Stage[] } {
  const ramp = Math.min(60, duration * 0.1);
  switch (name) {
    case "smoke":
    case "average":
    case "soak":
    case "stress":
      // A short ramp to the plateau, so the first second is not a thundering herd.
      return {
        startRate: Math.min(rate, 1),
        stages: [
          { target: rate, duration: seconds(ramp) },
          { target: rate, duration: seconds(duration - ramp) },
        ],
      };
    case "peak": {
      // 24 hours, each a linear ramp from its start-of-hour rate to the next: the trapezoids keep the mean.
      const hour = duration / 24;
      return {
        startRate: diurnalRate(rate, 0),
        stages: Array.from({ length: 24 }, (_, h) => ({ target: diurnalRate(rate, h + 1), duration: seconds(hour) })),
      };
    }
    case "spike": {
      const calm = (duration - 120) / 2;
      return {
        startRate: rate,
        stages: [
          { target: rate, duration: seconds(calm) },
          { target: 5 * rate, duration: "50s" },
          { target: 5 * rate, duration: "20s" },
          { target: rate, duration: "50s" },
          { target: rate, duration: seconds(calm) },
        ],
      };
    }
    case "breakpoint":
      return { startRate: 10, stages: [{ target: rate, duration: seconds(duration) }] };
  }
}

/**
 * VUs for a rate by Little's law. All that iterations of up to half a second need are allocated before
 * the test starts: k6 drops the iterations that arrive while it initialises a VU mid-test, so a
 * pause of a few hundred milliseconds at the platform would otherwise show up as dropped iterations.
 * Up to two seconds are allowed for by growing.
 */
function vusFor(peakRate: number): { preAllocatedVUs: number; maxVUs: number } {
  const preAllocatedVUs = Math.max(5, Math.ceil(peakRate * 0.5));
  return { preAllocatedVUs, maxVUs: Math.max(20, Math.ceil(peakRate * 2)) };
}

export class ProfileError extends Error {
  override name = "ProfileError";
}

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/** The profile's scenario; a bad name, rate or duration is a ProfileError naming the value. */
export function buildProfile(name: string, options: ProfileOptions = {}): Profile {
  if (!isProfileName(name))
    throw new ProfileError(`unknown profile '${name}': expected one of ${PROFILE_NAMES.join(", ")}`);
  const defaults = DEFAULTS[name];
  const rate = options.rate ?? defaults.rate;
  const duration = options.durationSeconds ?? defaults.durationSeconds;
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100_000)
    throw new ProfileError(`rate must be 0-100000 ops/s, got '${rate}'`);
  if (!Number.isInteger(duration) || duration < 10 || duration > 7 * 86_400) {
    throw new ProfileError(`duration must be a whole number of seconds from 10 to ${7 * 86_400}, got '${duration}'`);
  }
  if (name === "spike" && duration < 180)
    throw new ProfileError(`the spike profile needs at least 180 s, got '${duration}'`);
  const { startRate, stages } = stagesOf(name, rate, duration);
  const peakRate = Math.max(startRate, ...stages.map((stage) => stage.target));
  return {
    name,
    description: defaults.description,
    abortOnFail: name === "breakpoint",
    scenario: {
      executor: "ramping-arrival-rate",
      startRate: perMinute(startRate),
      timeUnit: "1m",
      stages: stages.map((stage) => ({ ...stage, target: perMinute(stage.target) })),
      ...vusFor(peakRate),
    },
  };
}

export function durationSeconds(duration: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(duration);
  if (!match) throw new ProfileError(`bad duration '${duration}': expected e.g. 30s, 10m or 2h`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as "s" | "m" | "h"];
}

/** Operations the scenario starts in total: the area under its piecewise-linear rate. */
export function totalOperations(scenario: Scenario): number {
  let rate = perSecond(scenario.startRate);
  let total = 0;
  for (const stage of scenario.stages) {
    total += ((rate + perSecond(stage.target)) / 2) * durationSeconds(stage.duration);
    rate = perSecond(stage.target);
  }
  return total;
}
