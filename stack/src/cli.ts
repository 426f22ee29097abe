import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OptionName } from "./cli/options.js";
import { parseCommandLine, stringValue } from "./cli/parse.js";
import { PROFILES, type Profile } from "./native/manifest.js";
import { StepError } from "./util/progress.js";
import { REPO_ROOT } from "./native/paths.js";
import { UsageError } from "./util/usage.js";

export function parseProfile(value: string | undefined): Profile {
  const profile = value ?? "full";
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`unknown profile '${profile}': expected one of ${PROFILES.join(", ")}`);
  }
  return profile as Profile;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  return `firebreak ${manifest.version} (Node ${process.versions.node})\n`;
}

// Each command is imported when it runs: loading every command's module tree takes seconds on a slow
// machine, and a usage error or --help should not pay for it.
async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv);
  if (line.kind === "help") {
    process.stdout.write(line.text);
    return 0;
  }
  if (line.kind === "version") {
    process.stdout.write(version());
    return 0;
  }
  const { command, args } = line;
  const text = (name: OptionName) => stringValue(line.values, name);
  const flag = (name: OptionName) => line.values[name] === true;
  switch (command) {
    case "doctor":
      return (await import("./commands/doctor.js")).doctor(parseProfile(text("profile")), flag("json"));
    case "install":
      return (await import("./commands/install.js")).install(parseProfile(text("profile")), flag("json"));
    case "up":
      return (await import("./commands/up.js")).up(parseProfile(text("profile")), flag("wait"));
    case "build":
      return (await import("./commands/build.js")).build();
    case "status":
      return (await import("./commands/status.js")).status(flag("json"));
    case "logs":
      return (await import("./commands/logs.js")).logs(args[0], text("lines"), flag("follow"));
    case "attach":
      return (await import("./commands/attach.js")).attach();
    case "down":
      return (await import("./commands/down.js")).down(flag("volumes"));
    case "where":
      return (await import("./commands/where.js")).where(flag("json"));
    case "open":
      return (await import("./commands/open.js")).open(args[0]);
    case "slo":
      return (await import("./commands/slo.js")).slo(args[0], text("drill-compression"));
    case "token":
      return (await import("./commands/token.js")).token(text("customer"), flag("operator"), flag("curl"));
    case "verify":
      return (await import("./commands/verify.js")).verify(flag("json"), text("drain-timeout"), text("load"));
    case "cdc":
      return (await import("./commands/cdc.js")).cdc(args[0], {
        service: args[1],
        since: text("since"),
        json: flag("json"),
      });
    case "silence":
      return (await import("./commands/silence.js")).silence(args, {
        duration: text("duration"),
        comment: text("comment"),
        json: flag("json"),
      });
    case "bench":
      return (await import("./commands/bench.js")).bench(args[0], {
        duration: text("duration"),
        rates: text("rates"),
        variant: text("variant"),
        rounds: text("rounds"),
        json: flag("json"),
        opsPerDay: text("ops-per-day"),
        report: text("report"),
      });
    case "load":
      return (await import("./commands/load.js")).load(args[0], {
        rate: text("rate"),
        duration: text("duration"),
        target: text("target"),
        json: flag("json"),
      });
    case "chaos":
      return (await import("./commands/chaos.js")).chaos(args, {
        all: flag("all"),
        drill: flag("drill"),
        stack: text("stack"),
        json: flag("json"),
      });
    case "drill":
      return (await import("./commands/drill.js")).drill(args[0], flag("json"));
    case "gameday":
      return (await import("./commands/gameday.js")).gameday(args);
    case "alerts":
      return (await import("./commands/alerts.js")).alerts(text("since"), flag("json"));
    case "dlq":
      return (await import("./commands/dlq.js")).dlq(args, flag("json"));
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
