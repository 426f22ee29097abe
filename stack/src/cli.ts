import { parseArgs } from "node:util";
import { PROFILES, type Profile } from "./manifest.js";
import { StepError } from "./progress.js";
import { UsageError, USAGE } from "./usage.js";
import { install } from "./commands/install.js";
import { up } from "./commands/up.js";
import { status } from "./commands/status.js";
import { logs } from "./commands/logs.js";
import { down } from "./commands/down.js";
import { where } from "./commands/where.js";
import { cdc } from "./commands/cdc.js";
import { verify } from "./commands/verify.js";
import { token } from "./commands/token.js";
import { slo } from "./commands/slo.js";
import { silence } from "./commands/silence.js";
import { alerts } from "./commands/alerts.js";
import { load } from "./commands/load.js";
import { bench } from "./commands/bench.js";
import { chaos } from "./commands/chaos.js";
import { drill } from "./commands/drill.js";

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
  "drill-compression": { type: "string" },
  duration: { type: "string" },
  comment: { type: "string" },
  since: { type: "string" },
  rate: { type: "string" },
  target: { type: "string" },
  load: { type: "string" },
  all: { type: "boolean" },
  drill: { type: "boolean" },
  stack: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

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
      return install(parseProfile(values.profile));
    case "up":
      return up(parseProfile(values.profile), values.wait ?? false);
    case "status":
      return status(values.json ?? false);
    case "logs":
      return logs(rest[0], values.lines);
    case "down":
      return down(values.volumes ?? false);
    case "where":
      return where();
    case "slo":
      return slo(rest[0], values["drill-compression"]);
    case "token":
      return token(values.customer);
    case "verify":
      return verify(values.json ?? false, values["drain-timeout"], values.load);
    case "cdc":
      return cdc(rest[0], values.json ?? false);
    case "silence":
      return silence(rest, { duration: values.duration, comment: values.comment, json: values.json ?? false });
    case "bench":
      return bench(rest[0], { duration: values.duration, rate: values.rate });
    case "load":
      return load(rest[0], { rate: values.rate, duration: values.duration, target: values.target });
    case "chaos":
      return chaos(rest, { all: values.all, drill: values.drill, stack: values.stack });
    case "drill":
      return drill(rest[0]);
    case "alerts":
      return alerts(values.since, values.json ?? false);
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
