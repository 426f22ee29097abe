import { z } from "zod";
import { experimentSchema, type Experiment } from "./experiment.js";
import { generatedNotice } from "../generate/notice.js";

export const EXPERIMENT_SCHEMA_FILE = "chaos/experiment.schema.json";

/**
 * The experiment format as JSON Schema, for editors (a yaml-language-server modeline) and other
 * tools. The zod schema stays the source: durations are written as text, so the input side is used.
 */
export function renderExperimentSchema(): Map<string, string> {
  const schema = z.toJSONSchema(experimentSchema, { io: "input", unrepresentable: "any" });
  const document = {
    $comment: generatedNotice("stack/src/chaos/experiment.ts"),
    title: "Firebreak chaos experiment",
    ...schema,
  };
  return new Map([[EXPERIMENT_SCHEMA_FILE, `${JSON.stringify(document, null, 2)}\n`]]);
}

export const CATALOG_FILE = "chaos/EXPERIMENTS.md";

/** The teaching write-ups of every experiment, gathered from their YAML into one page. */
export function renderExperimentCatalog(experiments: Experiment[]): Map<string, string> {
  const sections = experiments.map((e) =>
    [
      `## ${e.title}`,
      "",
      `\`${e.id}\` · [${e.id}.yaml](experiments/${e.id}.yaml)` +
        (e.profile === "ha" ? " · on the ha profile (`firebreak up --profile ha --wait`)" : ""),
      "",
      `**Hypothesis.** ${e.hypothesis}`,
      "",
      `**What happens inside.** ${e.story.inside}`,
      "",
      `**What to watch.** ${e.story.watch}`,
      "",
      `**Alerts.** ${e.story.alerts}`,
      ...(e.story.runbook
        ? ["", `**Runbook.** [${e.story.runbook}](../observability/runbooks/${e.story.runbook})`]
        : []),
    ].join("\n"),
  );
  const text = [
    `<!-- ${generatedNotice("chaos/experiments/*.yaml")} -->`,
    "",
    "# The chaos experiments",
    "",
    "Each experiment's hypothesis and teaching notes, as its YAML states them. How to run them and how",
    "verdicts are reached: [README.md](README.md).",
    "",
    sections.join("\n\n"),
    "",
  ].join("\n");
  return new Map([[CATALOG_FILE, text]]);
}
