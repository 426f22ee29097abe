import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSecrets } from "../src/credentials/secrets.js";
import { COMPOSE_PROFILES } from "../src/native/manifest.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { services } from "./fixtures/compose.js";

/** The compose stack's secrets: minted by a one-shot before anything mounts them, never typed into .env. */
const SECRETS_VOLUMES = ["firebreak-secrets", "firebreak-state"];
const WITH_SECRETS = "/usr/local/bin/with-secrets.sh";
const volumeSource = (volume: string | { source: string }) =>
  typeof volume === "string" ? volume.split(":")[0]! : volume.source;
const names = (list: string | undefined) => (list ?? "").split(/\s+/).filter(Boolean);

/** Runs the secrets one-shot's script for real, as its service does, into fresh folders. */
function mintSecrets(env: Record<string, string> = {}, dirs = freshDirs()) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "docker/mint-secrets.ts"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, FIREBREAK_STATE: dirs.state, FIREBREAK_COMPOSE_SECRETS: dirs.exposed, ...env },
  });
  expect(result.status, result.stderr).toBe(0);
  return dirs;
}
function freshDirs() {
  const root = mkdtempSync(join(tmpdir(), "firebreak-compose-secrets-"));
  return { root, state: join(root, "state"), exposed: join(root, "exposed") };
}
/** loadSecrets of another state directory. */
function loadSecretsOf(state: string) {
  const before = process.env.FIREBREAK_STATE;
  process.env.FIREBREAK_STATE = state;
  try {
    return loadSecrets();
  } finally {
    if (before === undefined) delete process.env.FIREBREAK_STATE;
    else process.env.FIREBREAK_STATE = before;
  }
}

describe("docker-compose.yml's secrets", () => {
  it("When a password or key is interpolated, then only the secrets one-shot reads it, and .env may leave it unset", () => {
    const text = readFileSync(join(REPO_ROOT, "docker-compose.yml"), "utf8");
    for (const [, name, modifier] of text.matchAll(/(?<!\$)\$\{(\w+)([^}]*)\}/g)) {
      expect(modifier, `\${${name}${modifier}} needs a default`).toMatch(/^:?-/);
    }
    for (const [name, service] of Object.entries(services)) {
      for (const value of Object.values(service.environment ?? {})) {
        for (const [, variable] of String(value).matchAll(/(?<!\$)\$\{(\w+)/g)) {
          if (/PASSWORD|_KEY$/.test(variable!)) expect(name, `${name} reads ${variable} from .env`).toBe("secrets");
        }
      }
    }
  });

  it("When a service mounts the secrets, then the secrets one-shot has completed before it starts", () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === "secrets") continue;
      if ((service.volumes ?? []).some((volume) => SECRETS_VOLUMES.includes(volumeSource(volume)))) {
        expect(service.depends_on?.secrets?.condition, name).toBe("service_completed_successfully");
      }
    }
    expect(services.secrets!.profiles).toEqual(expect.arrayContaining([...COMPOSE_PROFILES]));
  });

  it("When a service takes a password from the secrets, then the one-shot mints it and the wrapper sets it", () => {
    const { root, exposed } = mintSecrets();
    try {
      const minted = new Set(readdirSync(join(exposed, "env")));
      for (const [name, service] of Object.entries(services)) {
        const environment = service.environment ?? {};
        const secrets = names(environment.FIREBREAK_SECRETS);
        const expand = names(environment.FIREBREAK_EXPAND);
        if (secrets.length > 0) {
          expect(service.entrypoint?.[0], name).toBe(WITH_SECRETS);
          expect(service.volumes, name).toContain(`./docker/with-secrets.sh:${WITH_SECRETS}:ro`);
        }
        for (const secret of secrets) expect(minted, `${name}: ${secret}`).toContain(secret);
        for (const [variable, value] of Object.entries(environment)) {
          const placeholders = [...String(value).matchAll(/\$\$\{(\w+)\}/g)].map((match) => match[1]);
          if (placeholders.length === 0) continue;
          expect(expand, `${name}: ${variable} is expanded`).toContain(variable);
          for (const placeholder of placeholders) expect(secrets, `${name}: ${variable}`).toContain(placeholder);
        }
        // Files a container reads from the secrets volume by name (its own *_FILE options, configs).
        for (const value of Object.values(environment)) {
          const file = /^\/run\/firebreak\/(.+)$/.exec(String(value))?.[1];
          if (file) expect(existsSync(join(exposed, file)), `${name}: ${String(value)}`).toBe(true);
        }
      }
      for (const target of ["docker/conf/alertmanager/alertmanager.yml", "docker/conf/blackbox/blackbox.yml"]) {
        const text = readFileSync(join(REPO_ROOT, target), "utf8");
        for (const [, file] of text.matchAll(/\/run\/firebreak\/([\w.-]+)/g)) {
          expect(existsSync(join(exposed, file!)), `${target}: ${file}`).toBe(true);
        }
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("When the secrets one-shot runs again, then it keeps every secret, and the CLI finds secrets.json complete", () => {
    const dirs = mintSecrets();
    try {
      const read = (file: string) => readFileSync(join(dirs.state, file), "utf8");
      const first = {
        secrets: read("secrets.json"),
        key: read("jwt-private.pem"),
        probe: read("credentials/probe-token"),
      };
      mintSecrets({}, dirs);
      expect({
        secrets: read("secrets.json"),
        key: read("jwt-private.pem"),
        probe: read("credentials/probe-token"),
      }).toEqual(first);
      // loadSecrets rewrites a file that lacks anything it needs; the one-shot's file is kept as it is.
      expect(loadSecretsOf(dirs.state)).toEqual(JSON.parse(first.secrets));
      expect(read("secrets.json")).toBe(first.secrets);
      const passwords = loadSecretsOf(dirs.state).passwords;
      for (const [role, password] of Object.entries(passwords)) {
        const variable = `${role.toUpperCase()}_DB_PASSWORD`;
        expect(readFileSync(join(dirs.exposed, "env", variable), "utf8"), variable).toBe(password);
      }
    } finally {
      rmSync(dirs.root, { recursive: true, force: true });
    }
  });

  it("When .env sets a password, then the secrets one-shot mints that one for the containers and the CLI", () => {
    const dirs = mintSecrets({ ORDERS_DB_PASSWORD: "chosen-in-dot-env" });
    try {
      expect(readFileSync(join(dirs.exposed, "env", "ORDERS_DB_PASSWORD"), "utf8")).toBe("chosen-in-dot-env");
      expect(loadSecretsOf(dirs.state).passwords.orders).toBe("chosen-in-dot-env");
    } finally {
      rmSync(dirs.root, { recursive: true, force: true });
    }
  });
});
