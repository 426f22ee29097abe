import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { REPO_ROOT } from "../native/paths.js";
import { loadSpecs } from "./spec.js";
import { drillVariant, REAL, rulesFor } from "./rules.js";
import { SLOTH_DIR, slothSpec } from "./sloth.js";
import { generatedNotice } from "../generate/notice.js";

export const SLO_DIR = join(REPO_ROOT, "observability", "slos");
export const RULES_FILE = "observability/prometheus/rules/slos.yml";
export const DRILL_RULES_FILE = "observability/prometheus/drill/slos-drill.yml";
export const DEFAULT_DRILL_COMPRESSION = 12;

const HEADER = (what: string) =>
  `# ${generatedNotice("observability/slos/*.yaml", "`firebreak slo generate`")}\n# ${what}\n`;

/** Both rule files and the Sloth specs, rendered in memory: nothing is written unless every spec is valid. */
export function renderSloRules(drillCompression = DEFAULT_DRILL_COMPRESSION): Map<string, string> {
  const slos = loadSpecs(SLO_DIR);
  const drill = drillVariant(drillCompression);
  const yaml = (variant: typeof REAL) =>
    stringify({ groups: slos.map((slo) => rulesFor(slo, variant)) }, { lineWidth: 0, aliasDuplicateObjects: false });
  const services = [...new Set(slos.map((slo) => slo.service))];
  const sloth = services.map((service): [string, string] => [
    `${SLOTH_DIR}/${service}.yml`,
    HEADER(`The ${service} SLOs in Sloth's prometheus/v1 format, for teams that run Sloth.`) +
      slothSpec(
        service,
        slos.filter((slo) => slo.service === service),
      ),
  ]);
  return new Map([
    ...sloth,
    [RULES_FILE, HEADER("Recording rules and multi-window burn-rate alerts for every SLO.") + yaml(REAL)],
    [
      DRILL_RULES_FILE,
      HEADER(
        `The same, with every window and 'for' compressed ${drillCompression}x, for drills and chaos experiments.`,
      ) + yaml(drill),
    ],
  ]);
}

export function writeSloRules(drillCompression?: number): string[] {
  const rendered = renderSloRules(drillCompression);
  for (const [target, text] of rendered) {
    const path = join(REPO_ROOT, target);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  }
  return [...rendered.keys()];
}
