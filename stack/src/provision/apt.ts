import { writeFileSync, rmSync } from "node:fs";
import type { AptSource } from "../native/manifest.js";
import { run } from "../util/exec.js";
import { step } from "../util/progress.js";

/** Stops Debian's maintainer scripts from starting system services that would take our ports. */
const POLICY_RC = "/usr/sbin/policy-rc.d";

export async function installedVersion(pkg: string): Promise<string | undefined> {
  try {
    const out = await run("dpkg-query", ["-W", "-f=${Status}\t${Version}", pkg]);
    const [status, version] = out.split("\t");
    return status?.endsWith(" installed") ? version : undefined;
  } catch {
    return undefined;
  }
}

let aptUpdated = false;

export async function provisionApt(component: string, source: AptSource, logFile: string): Promise<string> {
  const missing: string[] = [];
  for (const pkg of source.packages) if (!(await installedVersion(pkg))) missing.push(pkg);
  if (missing.length > 0) await installPackages(component, missing, logFile);
  const version = await installedVersion(source.packages[0]!);
  if (!version?.startsWith(source.versionPrefix)) {
    throw new Error(`${source.packages[0]} ${version} is installed, but Firebreak pins ${source.versionPrefix}*`);
  }
  return version;
}

async function installPackages(component: string, packages: string[], logFile: string): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Debian packages missing: ${packages.join(" ")}. Install them as root ` +
        `(sudo apt-get install --no-install-recommends ${packages.join(" ")}) or run 'firebreak install' as root`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    await step(component, "apt-get update", () => run("apt-get", ["update", "-q"], { env, logFile }));
    aptUpdated = true;
  }
  writeFileSync(POLICY_RC, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    await step(component, `apt-get install ${packages.join(" ")}`, () =>
      run("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], { env, logFile }),
    );
  } finally {
    rmSync(POLICY_RC, { force: true });
  }
}
