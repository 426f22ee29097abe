import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parseAllDocuments } from "yaml";
import { CRD_MODULES } from "../src/native/manifest.js";
import { cachePaths } from "../src/native/paths.js";
import { downloadModule } from "../src/provision/go.js";

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** API groups whose operators publish no CRD a registry here serves; their resources are checked by the chart's own tests only. */
export const UNCHECKED_GROUPS = new Set(["kafka.strimzi.io", "clickhouse.altinity.com", "k6.io"]);

type Schema = Record<string, unknown>;

interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema: Schema } }[] };
}

/**
 * An object schema that lists its properties and does not say it keeps unknown fields refuses others,
 * as the API server does with strict field validation (kubectl's --validate=strict): a mistyped field
 * is an error, not a field silently dropped.
 */
function strict(schema: Schema): Schema {
  const copy: Schema = { ...schema };
  for (const key of ["items", "additionalProperties", "not"]) {
    if (copy[key] && typeof copy[key] === "object") copy[key] = strict(copy[key] as Schema);
  }
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    if (Array.isArray(copy[key])) copy[key] = (copy[key] as Schema[]).map(strict);
  }
  if (copy.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties as Record<string, Schema>).map(([name, inner]) => [name, strict(inner)]),
    );
    if (copy.additionalProperties === undefined && !copy["x-kubernetes-preserve-unknown-fields"]) {
      copy.additionalProperties = false;
    }
  }
  return copy;
}

/** Every served version of every CRD in the operators' modules, as "group/version/Kind" → its schema. */
export async function crdSchemas(): Promise<Map<string, Schema>> {
  const schemas = new Map<string, Schema>();
  for (const [module, folder] of Object.entries(CRD_MODULES)) {
    const dir = join(await downloadModule(module, join(cachePaths().logs, "crd-modules.log")), folder);
    for (const file of readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))) {
      for (const document of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
        const crd = document.toJS() as Crd | null;
        if (crd?.kind !== "CustomResourceDefinition") continue;
        for (const version of crd.spec.versions) {
          if (!version.schema) continue;
          const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
          schemas.set(key, strict(version.schema.openAPIV3Schema));
        }
      }
    }
  }
  return schemas;
}

/**
 * The CRDs' patterns are Go's (RE2): its inline case-insensitive flag, which they set for the whole
 * pattern (right after ^ at most), becomes JavaScript's.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  const insensitive = pattern.includes("(?i)");
  return new RegExp(pattern.replaceAll("(?i)", ""), insensitive ? `${flags}i` : flags);
}
goRegExp.code = "goRegExp";

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });

/** What a resource breaks of its CRD's schema, as path: message. */
export function schemaErrors(schema: Schema, resource: Resource): string[] {
  // metadata is the API server's to check; the CRD's schema only says it is an object.
  const validate = ajv.compile(schema);
  if (validate({ ...resource, metadata: {} })) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || "/"}: ${error.message} ${JSON.stringify(error.params)}`,
  );
}
