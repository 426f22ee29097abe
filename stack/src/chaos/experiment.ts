import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse, YAMLParseError } from "yaml";
import { z } from "zod";
import { PROFILE_NAMES } from "@firebreak/loadtests/profiles";
import { PROXY_PORTS } from "../native/ports.js";
import { KAFKA_PEER_PROCESSES, SERVICE_PROCESSES, PROCESSES_OF } from "../native/supervisor.js";
import { SERVICES_WITH_DATABASE } from "../native/service-env.js";
import { SKEWABLE } from "../native/clock-skew.js";
import { durationSeconds } from "../util/duration.js";
import { UsageError } from "../util/usage.js";
import { POISONABLE } from "./poison.js";
import { REWINDABLE } from "./rewind.js";
import { KAFKA_NODE_PROCESSES } from "../native/kafka-cluster.js";

/** "45s", "2m", "500ms" → seconds. */
export const durationText = z
  .string()
  // A pattern rather than a refinement, so that the generated JSON Schema checks it in editors too.
  .regex(/^\d+(ms|s|m)$/, "expected a duration such as 500ms, 45s or 2m")
  .transform((text) => durationSeconds(text, ["ms", "s", "m"])!);

const linkName = z.enum(Object.keys(PROXY_PORTS) as [keyof typeof PROXY_PORTS, ...(keyof typeof PROXY_PORTS)[]]);
const processName = z.enum([...SERVICE_PROCESSES, ...Object.values(PROCESSES_OF).flat(), ...KAFKA_PEER_PROCESSES] as [
  string,
  ...string[],
]);

/** Toxiproxy's toxics and the attributes each takes (its README). */
const TOXIC_ATTRIBUTES = {
  latency: ["latency", "jitter"],
  bandwidth: ["rate"],
  slow_close: ["delay"],
  timeout: ["timeout"],
  reset_peer: ["timeout"],
  slicer: ["average_size", "size_variation", "delay"],
  limit_data: ["bytes"],
} as const;

const toxic = z
  .object({
    link: linkName,
    type: z.enum(
      Object.keys(TOXIC_ATTRIBUTES) as [keyof typeof TOXIC_ATTRIBUTES, ...(keyof typeof TOXIC_ATTRIBUTES)[]],
    ),
    stream: z.enum(["upstream", "downstream"]).default("downstream"),
    toxicity: z.number().min(0).max(1).default(1),
    attributes: z.record(z.string(), z.number().int().nonnegative()).default({}),
    for: durationText,
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const name of Object.keys(value.attributes)) {
      if (!(TOXIC_ATTRIBUTES[value.type] as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["attributes", name],
          message: `${value.type} takes ${TOXIC_ATTRIBUTES[value.type].join(", ")}, not '${name}'`,
        });
      }
    }
  });

const disable = z.object({ links: z.array(linkName).min(1), for: durationText }).strict();
const cutOff = z.object({ process: processName, for: durationText }).strict();
const processAction = {
  action: z.enum(["kill", "stop", "restart", "freeze"]),
  /** stop and freeze: how long the process stays down (or frozen, SIGSTOP) before it is started (SIGCONT). */
  for: durationText.optional(),
};
const needsFor: [(value: { action: string; for?: number }) => boolean, { message: string; path: string[] }] = [
  (value) => !["stop", "freeze"].includes(value.action) || value.for !== undefined,
  { message: "a stop or a freeze needs 'for': how long the process stays down", path: ["for"] },
];
const processFault = z
  .object({ name: processName, ...processAction })
  .strict()
  .refine(...needsFor);
/** The ha profile: whichever Kafka node leads the controller quorum when the step runs. */
const activeController = z
  .object(processAction)
  .strict()
  .refine(...needsFor);
/** The ha profile: a Kafka node's links to its peers cut both ways (replication and quorum); its clients still reach it. */
const partition = z.object({ process: z.enum(KAFKA_NODE_PROCESSES), for: durationText }).strict();
/** Records no consumer can decode, produced to an aggregate's event topic. */
const poison = z.object({ topic: z.enum(POISONABLE), count: z.number().int().min(1).max(100).default(1) }).strict();
/** A saga consumer group's offsets moved back by a duration: its service is stopped, rewound, started. */
const rewind = z.object({ group: z.enum(REWINDABLE), by: durationText }).strict();
/** A service's replication slot dropped, as PostgreSQL gives up a slot past max_slot_wal_keep_size; after
 * `for`, the runbook's recovery (`firebreak cdc recover`) runs. */
const slotLost = z.object({ service: z.enum(SERVICES_WITH_DATABASE), for: durationText }).strict();
/** A process restarted with its clock `seconds` off the machine's (libfaketime), held for `for`, then restarted true. */
const clockSkew = z
  .object({
    process: z.enum(SKEWABLE),
    seconds: z
      .number()
      .int()
      .min(-3600)
      .max(3600)
      .refine((n) => n !== 0, "a skew of 0 s is no fault"),
    for: durationText,
  })
  .strict();
const connectorRestart = z
  .object({ connector: z.string().regex(/^[a-z]+-outbox$/), for: durationText.optional() })
  .strict();

export type Step =
  | { toxic: z.output<typeof toxic> }
  | { disable: z.output<typeof disable> }
  | { cutOff: z.output<typeof cutOff> }
  | { process: z.output<typeof processFault> }
  | { activeController: z.output<typeof activeController> }
  | { partition: z.output<typeof partition> }
  | { restartConnectorTask: z.output<typeof connectorRestart> }
  | { poison: z.output<typeof poison> }
  | { rewind: z.output<typeof rewind> }
  | { slotLost: z.output<typeof slotLost> }
  | { clockSkew: z.output<typeof clockSkew> }
  | { wait: number }
  | { parallel: Step[] };

const STEP_KINDS = [
  "toxic",
  "disable",
  "cutOff",
  "process",
  "activeController",
  "partition",
  "restartConnectorTask",
  "poison",
  "rewind",
  "slotLost",
  "clockSkew",
  "wait",
  "parallel",
] as const;

/**
 * One object with every kind optional and exactly one present, rather than a union: a mistake
 * inside a step is then reported at its own field (method[0].toxic.type), not as "invalid input".
 */
const step: z.ZodType<Step, unknown> = z.lazy(() =>
  z
    .object({
      toxic: toxic.optional(),
      disable: disable.optional(),
      cutOff: cutOff.optional(),
      process: processFault.optional(),
      activeController: activeController.optional(),
      partition: partition.optional(),
      restartConnectorTask: connectorRestart.optional(),
      poison: poison.optional(),
      rewind: rewind.optional(),
      slotLost: slotLost.optional(),
      clockSkew: clockSkew.optional(),
      wait: durationText.optional(),
      parallel: z.array(step).min(2).optional(),
    })
    .strict()
    .refine((value) => Object.keys(value).length === 1, {
      message: `a step has exactly one of ${STEP_KINDS.join(", ")}`,
    }),
) as z.ZodType<Step, unknown>;

/** Names of the SLIs a steady state or a recovery can hold to (see sli.ts). */
export const SLI_NAMES = ["placement_error_ratio", "placement_p99_seconds", "read_error_ratio"] as const;
const limits = z.partialRecord(z.enum(SLI_NAMES), z.object({ max: z.number().nonnegative() }).strict());

const story = z
  .object({
    inside: z.string().min(1),
    watch: z.string().min(1),
    alerts: z.string().min(1),
    runbook: z.string().optional(),
  })
  .strict();

export const experimentSchema = z
  .object({
    title: z.string().min(1),
    /** The stack profile it runs on: full (the default), or ha for the Kafka cluster's experiments. */
    profile: z.enum(["full", "ha"]).default("full"),
    hypothesis: z.string().min(1),
    story,
    load: z.object({ profile: z.enum(PROFILE_NAMES), rate: z.number().positive().optional() }).strict(),
    steadyState: z.object({ window: durationText, sli: limits }).strict(),
    method: z.array(step).min(1),
    expect: z
      .object({
        budget: z.record(z.string(), z.object({ maxPercent: z.number().positive() }).strict()).default({}),
        alerts: z
          .object({
            fire: z.array(z.object({ alert: z.string(), within: durationText }).strict()).default([]),
            quiet: z.array(z.string()).default([]),
          })
          .strict()
          .optional(),
        recovery: z.object({ within: durationText }).strict(),
        drained: z.object({ within: durationText }).strict(),
        verify: z.boolean().default(true),
      })
      .strict(),
  })
  .strict();

export type Experiment = z.output<typeof experimentSchema> & { id: string; file: string };

/** A field path as the YAML reads: method[1].toxic.attributes.latency. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    "",
  );
}

export function parseExperiment(text: string, file: string): Experiment {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new UsageError(`${file}: not YAML: ${error.message}`);
    throw error;
  }
  const result = experimentSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
    const message = issue.code === "unrecognized_keys" ? "not a known field" : issue.message;
    throw new UsageError(`${file}: ${fieldPath(path) || "(top level)"}: ${message}`);
  }
  return { ...result.data, id: basename(file).replace(/\.ya?ml$/, ""), file };
}

export function loadExperiment(file: string): Experiment {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`no experiment file '${file}'`);
  }
  return parseExperiment(text, file);
}
