import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import type { Check } from "./check.js";

export type Registry = "debian" | "go" | "maven" | "npm" | "pypi";

const output = (command: string, args: string[], cwd?: string) => {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 20_000, cwd });
  return result.status === 0 ? result.stdout.trim() : undefined;
};

/**
 * Debian's archives, as apt is configured (one-line .list and deb822 .sources files apt reads, not
 * disabled ones): the Release file of the first plain http(s) archive. A mirror+file:, cdrom: or tor+
 * source is not probed here; registryCheck says so as a warning.
 */
function debianUrl(): string | undefined {
  const dir = "/etc/apt/sources.list.d";
  const files = [
    "/etc/apt/sources.list",
    ...safeList(dir)
      .filter((name) => name.endsWith(".list") || name.endsWith(".sources"))
      .map((name) => join(dir, name)),
  ];
  const archives = files.flatMap((file) => {
    const text = safeRead(file);
    const oneLine = [...text.matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/gm)].map(([, uri, suite]) => [
      uri!,
      suite!,
    ]);
    const stanzas = text
      .split(/\n\s*\n/)
      .filter((stanza) => !/^Enabled:\s*no/im.test(stanza) && /^Types:.*\bdeb\b/m.test(stanza))
      .map((stanza) => [/^URIs:\s*(\S+)/m.exec(stanza)?.[1], /^Suites:\s*(\S+)/m.exec(stanza)?.[1]]);
    return [...oneLine, ...stanzas].filter((pair): pair is [string, string] => !!pair[0] && !!pair[1]);
  });
  const [uri, suite] = archives.find(([uri]) => /^https?:/.test(uri)) ?? archives[0] ?? [];
  return uri && suite ? `${uri.replace(/\/$/, "")}/dists/${suite}/Release` : undefined;
}

/** The first proxy in GOPROXY; asked for the versions of a small module. */
function goUrl(): string | undefined {
  const proxy = output("go", ["env", "GOPROXY"])
    ?.split(/[,|]/)
    .find((entry) => entry.startsWith("http"));
  return proxy ? `${proxy.replace(/\/$/, "")}/github.com/google/uuid/@v/list` : undefined;
}

function npmUrl(): string | undefined {
  const registry = output("npm", ["config", "get", "registry"]);
  return registry ? `${registry.replace(/\/$/, "")}/is-number` : undefined;
}

function pypiUrl(): string | undefined {
  const configured = process.env.PIP_INDEX_URL ?? output("python3", ["-m", "pip", "config", "get", "global.index-url"]);
  return configured ? `${configured.replace(/\/$/, "")}/six/` : pipDefaultIndex();
}

/** pip's own default index, read from the pip that is installed rather than written here. */
function pipDefaultIndex(): string | undefined {
  const url = output("python3", ["-c", "from pip._internal.models.index import PyPI; print(PyPI.simple_url)"]);
  return url ? `${url.replace(/\/$/, "")}/six/` : undefined;
}

/** A mirror from Maven's settings, or else the central repository of Maven's own super POM. */
function mavenUrl(): string | undefined {
  const mirror = /<mirror>[\s\S]*?<url>([^<]+)<\/url>/.exec(safeRead(join(homedir(), ".m2", "settings.xml")))?.[1];
  const base = mirror ?? superPomCentral();
  return base ? `${base.replace(/\/$/, "")}/junit/junit/maven-metadata.xml` : undefined;
}

function superPomCentral(): string | undefined {
  const home = /Maven home: (.+)/.exec(output("mvn", ["-B", "-v"]) ?? "")?.[1]?.trim();
  const jar = home && safeList(join(home, "lib")).find((name) => name.startsWith("maven-model-builder-"));
  if (!home || !jar) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "firebreak-doctor-"));
  try {
    const entry = "org/apache/maven/model/pom-4.0.0.xml";
    if (output("jar", ["xf", join(home, "lib", jar), entry], dir) === undefined) return undefined;
    return /<repository>[\s\S]*?<url>([^<]+)<\/url>/.exec(safeRead(join(dir, entry)))?.[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const URLS: Record<Registry, () => string | undefined> = {
  debian: debianUrl,
  go: goUrl,
  maven: mavenUrl,
  npm: npmUrl,
  pypi: pypiUrl,
};

/** Each registry Firebreak still has to download from, asked once with a short timeout. */
export async function registryCheck(registry: Registry, neededFor: string[]): Promise<Check> {
  const name = `${registry} registry`;
  const url = URLS[registry]();
  if (!url) {
    // The tool that names the registry is missing or silent; its own check says so when that blocks.
    const detail = `could not read which ${registry} registry is configured (needed for ${neededFor.join(", ")})`;
    return { name, status: "warn", detail, fix: configureFix(registry) };
  }
  if (!/^https?:/.test(url)) {
    const detail = `${url.split(":")[0]}: sources are not probed here (needed for ${neededFor.join(", ")})`;
    return { name, status: "warn", detail, fix: configureFix(registry) };
  }
  const origin = new URL(url).origin;
  try {
    const response = await fetch(url, { method: "GET", signal: AbortSignal.timeout(8_000) });
    await response.body?.cancel();
    if (response.status < 400) {
      return { name, status: "pass", detail: `${origin} answers (needed for ${neededFor.join(", ")})` };
    }
    return { name, status: "fail", detail: `${origin} answered ${response.status}`, fix: configureFix(registry) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return {
      name,
      status: "fail",
      detail: `${origin} unreachable (${cause}); needed for ${neededFor.join(", ")}`,
      fix: configureFix(registry),
    };
  }
}

function configureFix(registry: Registry): string {
  return {
    debian: "check /etc/apt/sources.list* and the network (apt-get update says more)",
    go: "check GOPROXY (go env GOPROXY) and the network",
    maven: "check ~/.m2/settings.xml mirrors and the network",
    npm: "check the registry (npm config get registry) and the network",
    pypi: "check pip's index (pip config list) and the network",
  }[registry];
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
