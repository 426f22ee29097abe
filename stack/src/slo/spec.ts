import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { durationSeconds } from "../util/duration.js";

const isDuration = (text: string) => durationSeconds(text, ["s", "m", "h", "d"]) !== undefined;
const query = z
  .string()
  .min(1)
  .refine((q) => q.includes("{{window}}"), "must contain {{window}} where the range goes, e.g. rate(x[{{window}}])");

const slo = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, "lower-case words joined by '-'"),
    objective: z.string().min(10, "say in plain words what users get"),
    target: z.number().gt(0).lt(100, "must be below 100: a 100% objective has no error budget"),
    window: z.string().refine(isDuration, "a duration such as 30d"),
    sli: z.union([
      z.object({ errors: query, total: query }).strict(),
      z.object({ good: query, total: query }).strict(),
    ]),
  })
  .strict();

const specFile = z.object({ service: z.string().regex(/^[a-z][a-z0-9-]*$/), slos: z.array(slo).min(1) }).strict();

export type Slo = z.infer<typeof slo> & { service: string };

export class SpecError extends Error {
  override name = "SpecError";
}

/** Reads every spec; a bad one fails with the file and the field, before anything is written. */
export function loadSpecs(dir: string): Slo[] {
  const slos: Slo[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()) {
    let raw: unknown;
    try {
      raw = parse(readFileSync(join(dir, file), "utf8"));
    } catch (error) {
      throw new SpecError(`${file}: not valid YAML: ${(error as Error).message}`);
    }
    const result = specFile.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new SpecError(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
    }
    for (const item of result.data.slos) slos.push({ ...item, service: result.data.service });
  }
  const names = slos.map((s) => s.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new SpecError(`SLO name '${duplicate}' is used twice`);
  return slos;
}

/** The latency bound of a good/total SLI, from its `le="…"` bucket, in seconds. */
export function latencyBoundSeconds(slo: Slo): number {
  const good = "good" in slo.sli ? slo.sli.good : "";
  const le = /le="([\d.]+)"/.exec(good)?.[1];
  if (!le) throw new SpecError(`${slo.name}: a latency SLO needs a good query with an le="…" bucket`);
  return Number(le);
}

export function seconds(duration: string): number {
  return durationSeconds(duration, ["s", "m", "h", "d"])!;
}

/**
 * A spec's query over one window: `{{window}}` becomes the range (5m), `{{windowSeconds}}` its length
 * in seconds (300), for SLIs built on gauge samples, whose counts over a window become per-second
 * rates, like every other SLI's, once divided by its length.
 */
export function atWindow(query: string, window: string): string {
  return query.replaceAll("{{window}}", window).replaceAll("{{windowSeconds}}", String(seconds(window)));
}
