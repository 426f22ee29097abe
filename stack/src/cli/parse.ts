import { parseArgs } from "node:util";
import { UsageError } from "../util/usage.js";
import { COMMANDS, findCommand, type CommandSpec } from "./commands.js";
import { formatOption, OPTIONS, parseArgsOptions, type OptionName } from "./options.js";

export type Values = Partial<Record<OptionName, string | boolean>>;

export function stringValue(values: Values, name: OptionName): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export type CommandLine =
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "run"; command: string; args: string[]; values: Values };

const ENVIRONMENT = `Environment:
  FIREBREAK_CACHE   downloads and builds (default: ~/.cache/firebreak)
  FIREBREAK_STATE   configs, data and logs of the running stack (default: <checkout>/.firebreak)
  FIREBREAK_TRACING on (default) or off: start the services with the OpenTelemetry SDK disabled
  FIREBREAK_TRACE_SAMPLE_RATIO  share of new traces recorded, 0-1 (default 0.1; 1 records every trace)
  FIREBREAK_PROXIES on (default) or bypass: clients connect to each component directly, not through
                    its Toxiproxy proxy (to measure what the proxies cost; chaos needs them on)
  FIREBREAK_DASHBOARD_URL  the Perses that dashboard links point at (default: the native stack's)
  FIREBREAK_SERVICE_RUNTIME  compiled (default: the services' dist/, built by up) or tsx (their
                    TypeScript sources through the tsx loader, no rebuild after an edit)
`;

/** Words wrapped to lines of at most `width` characters, each starting with `indent`. */
export function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, indent + line] : lines;
}

export function globalUsage(): string {
  const commands = COMMANDS.flatMap((command) => [
    ...command.usage.map((usage) => `  firebreak ${usage}`),
    ...wrap(command.summary, "        "),
  ]);
  return [
    "firebreak: load-test, break and observe a realistic event-driven system",
    "",
    "Usage:",
    ...commands,
    "  firebreak <command> --help",
    "        that command's flags and examples",
    "  firebreak --version",
    "",
    ENVIRONMENT,
  ].join("\n");
}

export function commandHelp(command: CommandSpec): string {
  const flags = [...new Set([...flagsOf(command), "help" as const])];
  return [
    ...wrap(`firebreak ${command.name}: ${command.summary}`, ""),
    "",
    "Usage:",
    ...command.usage.map((usage) => `  firebreak ${usage}`),
    "",
    "Flags:",
    ...flags.map(formatOption),
    "",
    "Examples:",
    ...command.examples.map((example) => `  ${example}`),
    "",
  ].join("\n");
}

/** The flags a command line may carry: the command's, its subcommand's, and --help. */
function allowedFlags(command: CommandSpec, subcommand: string | undefined): OptionName[] {
  const ofSubcommand = command.subcommands && subcommand ? (command.subcommands[subcommand] ?? []) : [];
  return [...command.options, ...ofSubcommand, "help"];
}

function flagName(token: string): string {
  const name = token.replace(/^-+/, "").split("=")[0]!;
  const byShort = Object.entries(OPTIONS).find(([, option]) => "short" in option && option.short === name);
  return byShort ? byShort[0] : name;
}

/**
 * Reads argv: --version, global or per-command help, or a command with only its own flags. A flag that
 * belongs to another command (or to none) is a UsageError that names the flag and the command.
 */
export function parseCommandLine(argv: string[]): CommandLine {
  const commandIndex = firstPositional(argv);
  const name = commandIndex === -1 ? undefined : argv[commandIndex]!;
  if (name === undefined || name === "help") {
    const topic = name === "help" ? argv[commandIndex + 1] : undefined;
    if (topic !== undefined) return { kind: "help", text: commandHelp(requireCommand(topic)) };
    if (argv.some((token) => token === "--version" || token === "-V")) return { kind: "version" };
    if (argv.every((token) => ["--help", "-h", "help"].includes(token))) return { kind: "help", text: globalUsage() };
    const stray = argv.find((token) => !["--help", "-h", "help", "--version", "-V"].includes(token));
    throw new UsageError(`unknown flag '${stray}': run 'firebreak --help'`);
  }
  const command = requireCommand(name);
  const rest = [...argv.slice(0, commandIndex), ...argv.slice(commandIndex + 1)];
  const subcommand = command.subcommands ? rest[firstPositional(rest)] : undefined;
  const allowed = allowedFlags(command, subcommand);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: parseArgsOptions(allowed), allowPositionals: true, strict: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) throw misplacedFlag(unknown, command, subcommand);
    throw new UsageError(`${message.replace(/\s*\n\s*/g, " ")} (firebreak ${command.name} --help)`);
  }
  const values = parsed.values as Values;
  if (values.help) return { kind: "help", text: commandHelp(command) };
  if (parsed.positionals.length > command.maxArgs) {
    const extra = parsed.positionals[command.maxArgs]!;
    throw new UsageError(
      `unexpected argument '${extra}' for 'firebreak ${command.name}' (${command.usage.join("; ")})`,
    );
  }
  return { kind: "run", command: command.name, args: parsed.positionals, values };
}

/** The index of the first argument that is not a flag nor a string flag's value; -1 when none. */
function firstPositional(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith("-")) return i;
    const option: { type: string } | undefined = OPTIONS[flagName(token) as OptionName];
    if (option?.type === "string" && !token.includes("=")) i++;
  }
  return -1;
}

function flagsOf(command: CommandSpec): OptionName[] {
  return [...command.options, ...Object.values(command.subcommands ?? {}).flat()];
}

function requireCommand(name: string): CommandSpec {
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command '${name}': run 'firebreak --help'`);
  return command;
}

function misplacedFlag(token: string, command: CommandSpec, subcommand: string | undefined): UsageError {
  const where = `firebreak ${command.name}${subcommand && command.subcommands?.[subcommand] ? ` ${subcommand}` : ""}`;
  const flags = allowedFlags(command, subcommand).map((flag) => `--${flag}`);
  const flag = flagName(token) as OptionName;
  const owners = COMMANDS.flatMap((other) =>
    other.options.includes(flag)
      ? [other.name]
      : Object.entries(other.subcommands ?? {}).flatMap(([sub, flags]) =>
          flags.includes(flag) ? [`${other.name} ${sub}`] : [],
        ),
  );
  const hint = owners.length > 0 ? `; it belongs to ${owners.map((owner) => `'firebreak ${owner}'`).join(", ")}` : "";
  return new UsageError(`'${where}' has no flag '${token.split("=")[0]}' (its flags: ${flags.join(", ")})${hint}`);
}
