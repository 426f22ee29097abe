import { DASHBOARD_NAMES } from "../generate/dashboards/catalog.js";
import type { OptionName } from "./options.js";

/**
 * What each command takes and says about itself: the global usage, each command's --help and the
 * check that refuses a flag meant for another command are all read from here.
 */
export interface CommandSpec {
  name: string;
  usage: string[];
  summary: string;
  /** The flags the command takes; with subcommands, those every subcommand takes. */
  options: OptionName[];
  /** Subcommand name → the flags it takes on top of `options`. */
  subcommands?: Record<string, OptionName[]>;
  /** How many arguments may follow the command (a subcommand counts as one). */
  maxArgs: number;
  examples: string[];
}

export const COMMANDS: CommandSpec[] = [
  {
    name: "doctor",
    usage: ["doctor [--profile core|full|ha] [--json]"],
    summary: "check this machine before anything is installed: tools, root, disk, memory, registries, ports",
    options: ["profile", "json"],
    maxArgs: 0,
    examples: ["firebreak doctor", "firebreak doctor --json | jq '.checks[] | select(.status != \"pass\")'"],
  },
  {
    name: "install",
    usage: ["install [--profile core|full|ha] [--json]"],
    summary: "provision the components (cached by version outside the checkout)",
    options: ["profile", "json"],
    maxArgs: 0,
    examples: ["firebreak install --profile core"],
  },
  {
    name: "up",
    usage: ["up [--profile core|full|ha] [--wait]"],
    summary: "start the native stack under the supervisor",
    options: ["profile", "wait"],
    maxArgs: 0,
    examples: ["firebreak up --wait", "firebreak up --profile core --wait"],
  },
  {
    name: "build",
    usage: ["build"],
    summary: "compile the services into services/*/dist (up does it too)",
    options: [],
    maxArgs: 0,
    examples: ["firebreak build"],
  },
  {
    name: "status",
    usage: ["status [--json]"],
    summary: "state of every component",
    options: ["json"],
    maxArgs: 0,
    examples: ["firebreak status", "firebreak status --json"],
  },
  {
    name: "logs",
    usage: ["logs <component> [--lines N] [--follow]"],
    summary: "the tail of a component's log; --follow keeps printing",
    options: ["lines", "follow"],
    maxArgs: 1,
    examples: ["firebreak logs kafka --lines 50", "firebreak logs orders --follow"],
  },
  {
    name: "attach",
    usage: ["attach"],
    summary: "process-compose's terminal UI on the running stack (q leaves it; the stack keeps running)",
    options: [],
    maxArgs: 0,
    examples: ["firebreak attach"],
  },
  {
    name: "down",
    usage: ["down [--volumes]"],
    summary: "stop the stack; --volumes also wipes its data",
    options: ["volumes"],
    maxArgs: 0,
    examples: ["firebreak down", "firebreak down --volumes"],
  },
  {
    name: "where",
    usage: ["where [--json]"],
    summary: "URLs, ports, logs and how to stop the stack",
    options: ["json"],
    maxArgs: 0,
    examples: ["firebreak where", "firebreak where --json | jq -r .endpoints.Perses"],
  },
  {
    name: "open",
    usage: ["open [dashboard]"],
    summary: `print (and on a desktop, open) a dashboard's URL in Perses: ${DASHBOARD_NAMES.join(", ")}`,
    options: [],
    maxArgs: 1,
    examples: ["firebreak open", "firebreak open saga-pipeline"],
  },
  {
    name: "cdc",
    usage: ["cdc status [--json]", "cdc recover <service> [--since TIME] [--json]"],
    summary:
      "connector and task states with replication-slot lag; after a lost slot, a fresh slot and the outbox rows since the last published event sent again",
    options: ["json"],
    subcommands: { status: [], recover: ["since"] },
    maxArgs: 2,
    examples: ["firebreak cdc status", "firebreak cdc recover orders --since 2026-12-05T10:00:00Z"],
  },
  {
    name: "verify",
    usage: ["verify [--json] [--drain-timeout S] [--load ID|latest]"],
    summary:
      "integrity check: lost, duplicated, unexpected, stuck records; with --load, also against what a load test's clients were told",
    options: ["json", "drain-timeout", "load"],
    maxArgs: 0,
    examples: ["firebreak verify", "firebreak verify --load latest --json"],
  },
  {
    name: "slo",
    usage: ["slo generate [--drill-compression N]"],
    summary: "SLO specs → recording rules and burn-rate alerts",
    options: [],
    subcommands: { generate: ["drill-compression"] },
    maxArgs: 1,
    examples: ["firebreak slo generate"],
  },
  {
    name: "load",
    usage: ["load <profile> [--rate OPS] [--duration D] [--target URL] [--json]"],
    summary: "k6 load: smoke, average, peak, stress, spike, soak, breakpoint; exit 1 when an SLO threshold fails",
    options: ["rate", "duration", "target", "json"],
    maxArgs: 1,
    examples: ["firebreak load smoke", "firebreak load average --duration 5m", "firebreak load average --rate 175"],
  },
  {
    name: "bench",
    usage: [
      "bench capacity [--rates OPS,OPS] [--duration D] [--variant NAME=VALUE] [--rounds N] [--json]",
      "bench plan [--ops-per-day N] [--report FILE] [--json]",
    ],
    summary:
      "pgbench anchors, then constant-rate plateaus judged on their SLOs, with marginal CPU per order; a variant side by side, N rounds alternating. plan: what a volume needs on many machines, from those costs",
    options: [],
    subcommands: {
      capacity: ["rates", "duration", "variant", "rounds", "json"],
      plan: ["ops-per-day", "report", "json"],
    },
    maxArgs: 1,
    examples: [
      "firebreak bench capacity --rates 120,175 --duration 3m --variant FIREBREAK_TRACING=off",
      "firebreak bench plan --ops-per-day 1B",
      "firebreak bench plan --ops-per-day 100M --report .firebreak/bench/capacity-20261206T031500.json",
    ],
  },
  {
    name: "chaos",
    usage: [
      "chaos run <experiment>... | --all [--drill] [--stack native|compose] [--json]",
      "chaos list | validate [file...] [--json]",
    ],
    summary:
      "chaos experiments under load with verdicts: a live timeline, then a journal, JUnit XML and an HTML report per run",
    options: ["json"],
    subcommands: { run: ["all", "drill", "stack"], list: [], validate: [] },
    maxArgs: Number.POSITIVE_INFINITY,
    examples: ["firebreak chaos list", "firebreak chaos run kafka-slow", "firebreak chaos run --all --drill"],
  },
  {
    name: "drill",
    usage: ["drill [experiment] [--json]"],
    summary: "the stack up, load, one experiment with its alerts enforced, explained for a newcomer (npm start)",
    options: ["json"],
    maxArgs: 1,
    examples: ["firebreak drill", "firebreak drill kafka-down"],
  },
  {
    name: "gameday",
    usage: ["gameday start [experiment]", "gameday answer <experiment>"],
    summary:
      "a blind drill for teaching: a fault (random among those that page, or the instructor's) is not named; the trainee gets the pages, dashboards and runbooks, answers, and the reveal judges the answer and the time to diagnose",
    options: [],
    subcommands: { start: [], answer: [] },
    maxArgs: 2,
    examples: [
      "firebreak gameday start",
      "firebreak gameday start redis-down",
      "firebreak gameday answer postgres-down",
    ],
  },
  {
    name: "dlq",
    usage: ["dlq list|replay <group> [--json]"],
    summary: "events a consumer group dead-lettered, with why; replay sends those not replayed before back",
    options: ["json"],
    subcommands: { list: [], replay: [] },
    maxArgs: 2,
    examples: ["firebreak dlq list orders", "firebreak dlq replay inventory"],
  },
  {
    name: "alerts",
    usage: ["alerts [--since TIME] [--json]"],
    summary: "alerts Alertmanager notified (page/ticket), as recorded, with their dashboard and runbook",
    options: ["since", "json"],
    maxArgs: 0,
    examples: ["firebreak alerts --since 2026-12-05T10:00:00Z"],
  },
  {
    name: "silence",
    usage: [
      "silence add <matcher>... [--duration 2h] [--comment TEXT]",
      "silence list [--json]",
      "silence expire <id>",
    ],
    summary: "silence alerts for a maintenance window (prints its id); list active silences; end one early",
    options: [],
    subcommands: { add: ["duration", "comment"], list: ["json"], expire: [] },
    maxArgs: Number.POSITIVE_INFINITY,
    examples: [
      'firebreak silence add alertname=OrderPlacementLatencySlowBurn --duration 1h --comment "index rebuild"',
      "firebreak silence list --json",
    ],
  },
  {
    name: "token",
    usage: ["token [--customer ID | --operator] [--curl]"],
    summary: "print a dev JWT for the gateway (valid 24 h): a customer's, or an operator's; --curl a ready command",
    options: ["customer", "operator", "curl"],
    maxArgs: 0,
    examples: ["firebreak token", "firebreak token --operator", "firebreak token --curl | sh"],
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}
