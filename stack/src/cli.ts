import { parseArgs } from "node:util";
import { PROFILES, type Profile } from "./native/manifest.js";
import { StepError } from "./util/progress.js";
import { UsageError, USAGE } from "./util/usage.js";

export function parseProfile(value: string | undefined): Profile {
  const profile = value ?? "full";
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`unknown profile '${profile}': expected one of ${PROFILES.join(", ")}`);
  }
  return profile as Profile;
}

const OPTIONS = {
  profile: { type: "string" },
  wait: { type: "boolean" },
  json: { type: "boolean" },
  volumes: { type: "boolean" },
  lines: { type: "string" },
  "drain-timeout": { type: "string" },
  customer: { type: "string" },
  operator: { type: "boolean" },
  "drill-compression": { type: "string" },
  duration: { type: "string" },
  comment: { type: "string" },
  since: { type: "string" },
  rate: { type: "string" },
  rates: { type: "string" },
  variant: { type: "string" },
  rounds: { type: "string" },
  target: { type: "string" },
  load: { type: "string" },
  all: { type: "boolean" },
  drill: { type: "boolean" },
  stack: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

// Each command is imported when it runs: loading every command's module tree takes seconds on a slow
// machine, and a usage error or --help should not pay for it.
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  switch (command) {
    case "install":
      return (await import("./commands/install.js")).install(parseProfile(values.profile));
    case "up":
      return (await import("./commands/up.js")).up(parseProfile(values.profile), values.wait ?? false);
    case "build":
      return (await import("./commands/build.js")).build();
    case "status":
      return (await import("./commands/status.js")).status(values.json ?? false);
    case "logs":
      return (await import("./commands/logs.js")).logs(rest[0], values.lines);
    case "down":
      return (await import("./commands/down.js")).down(values.volumes ?? false);
    case "where":
      return (await import("./commands/where.js")).where();
    case "open":
      return (await import("./commands/open.js")).open(rest[0]);
    case "slo":
      return (await import("./commands/slo.js")).slo(rest[0], values["drill-compression"]);
    case "token":
      return (await import("./commands/token.js")).token(values.customer, values.operator === true);
    case "verify":
      return (await import("./commands/verify.js")).verify(values.json ?? false, values["drain-timeout"], values.load);
    case "cdc":
      return (await import("./commands/cdc.js")).cdc(rest[0], {
        service: rest[1],
        since: values.since,
        json: values.json ?? false,
      });
    case "silence":
      return (await import("./commands/silence.js")).silence(rest, {
        duration: values.duration,
        comment: values.comment,
        json: values.json ?? false,
      });
    case "bench":
      return (await import("./commands/bench.js")).bench(rest[0], {
        duration: values.duration,
        rate: values.rate,
        rates: values.rates,
        variant: values.variant,
        rounds: values.rounds,
      });
    case "load":
      return (await import("./commands/load.js")).load(rest[0], {
        rate: values.rate,
        duration: values.duration,
        target: values.target,
      });
    case "chaos":
      return (await import("./commands/chaos.js")).chaos(rest, {
        all: values.all,
        drill: values.drill,
        stack: values.stack,
      });
    case "drill":
      return (await import("./commands/drill.js")).drill(rest[0]);
    case "alerts":
      return (await import("./commands/alerts.js")).alerts(values.since, values.json ?? false);
    case "dlq":
      return (await import("./commands/dlq.js")).dlq(rest, values.json ?? false);
    default:
      throw new UsageError(`unknown command '${command}': run 'firebreak --help'`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`firebreak: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof StepError) {
    process.stderr.write(`\nfirebreak: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`firebreak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
