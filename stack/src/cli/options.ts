interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  value?: string;
  help: string;
}

/** Every flag the CLI knows, once: its parse type and what it means. Commands list which they take. */
export const OPTIONS = {
  profile: {
    type: "string",
    value: "core|full|ha",
    help: "which components: core, full (default) with observability, or ha: full with three Kafka nodes",
  },
  wait: { type: "boolean", help: "return only when every component is ready" },
  json: { type: "boolean", help: "machine-readable output alone on stdout (progress goes to stderr)" },
  volumes: { type: "boolean", help: "also wipe the stack's data" },
  lines: { type: "string", value: "N", help: "how many lines of each log (default 100)" },
  follow: { type: "boolean", short: "f", help: "keep printing lines as they are written, until Ctrl-C" },
  "drain-timeout": { type: "string", value: "S", help: "seconds to wait for in-flight events first" },
  customer: { type: "string", value: "ID", help: "the customer the token speaks for" },
  operator: { type: "boolean", help: "an operator's token: reads every customer and analytics" },
  curl: { type: "boolean", help: "print a ready curl command that places an order as the customer" },
  "drill-compression": { type: "string", value: "N", help: "shrink alert windows N-fold for drills" },
  duration: { type: "string", value: "D", help: "how long, e.g. 90s, 5m, 2h" },
  comment: { type: "string", value: "TEXT", help: "why, for whoever reads the silence" },
  since: { type: "string", value: "TIME", help: "an ISO 8601 time, e.g. 2026-12-05T10:00:00Z" },
  rate: { type: "string", value: "OPS", help: "operations per second" },
  rates: { type: "string", value: "OPS,OPS", help: "the constant-rate plateaus, in operations per second" },
  variant: { type: "string", value: "NAME=VALUE", help: "an environment switch measured beside the baseline" },
  rounds: { type: "string", value: "N", help: "baseline and variant measured N times, alternating" },
  "ops-per-day": { type: "string", value: "N", help: "operations a day to plan for, e.g. 100M or 1B (default 100M)" },
  report: { type: "string", value: "FILE", help: "a bench capacity report (JSON) whose measured costs the plan uses" },
  target: { type: "string", value: "URL", help: "the gateway to load (default: the native stack's)" },
  load: { type: "string", value: "ID|latest", help: "also check what a load test's clients were told" },
  all: { type: "boolean", help: "every experiment in chaos/experiments" },
  drill: { type: "boolean", help: "enforce the drill-variant alerts" },
  stack: { type: "string", value: "native|compose", help: "which stack the faults are injected into" },
  help: { type: "boolean", short: "h", help: "this command's help" },
  version: { type: "boolean", short: "V", help: "print Firebreak's version" },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

const specOf = (name: OptionName): OptionSpec => OPTIONS[name];

/** The options in the shape node:util parseArgs takes. */
export function parseArgsOptions(names: readonly OptionName[]) {
  return Object.fromEntries(
    names.map((name) => {
      const option = specOf(name);
      return [name, option.short ? { type: option.type, short: option.short } : { type: option.type }];
    }),
  ) as Record<string, { type: "string" | "boolean"; short?: string }>;
}

export function formatOption(name: OptionName): string {
  const option = specOf(name);
  const flag = `${option.short ? `-${option.short}, ` : ""}--${name}${option.value ? ` ${option.value}` : ""}`;
  return `  ${flag.padEnd(28)} ${option.help}`;
}
