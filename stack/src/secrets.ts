import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackPaths } from "./paths.js";

const SERVICE_ROLES = ["orders", "inventory", "payments", "debezium", "monitor"] as const;

export interface StackSecrets {
  kafkaClusterId: string;
  passwords: Record<(typeof SERVICE_ROLES)[number], string>;
}

/** 16 random bytes in URL-safe base64, like Kafka's own ids; never with a leading '-', which a CLI would read as a flag. */
export function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/** Generated once per stack and kept beside its data, never in the repository. */
export function loadSecrets(): StackSecrets {
  const file = join(stackPaths().state, "secrets.json");
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StackSecrets) : undefined;
  // A role added since the stack was created gets its password now; existing ones are kept.
  if (existing && SERVICE_ROLES.every((role) => role in existing.passwords)) return existing;
  const secrets: StackSecrets = {
    kafkaClusterId: existing?.kafkaClusterId ?? kafkaClusterId(),
    passwords: Object.fromEntries(
      SERVICE_ROLES.map((role) => [role, existing?.passwords[role] ?? randomBytes(18).toString("base64url")]),
    ) as StackSecrets["passwords"],
  };
  mkdirSync(stackPaths().state, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
