import { componentsOf, type Component, type Profile } from "../native/manifest.js";
import { isSupervisorRunning } from "../native/supervisor.js";
import { isCached } from "../provision/cached.js";
import { say, StepError } from "../util/progress.js";
import { blocking, formatChecks, type Check } from "./check.js";
import { registryCheck, type Registry } from "./registries.js";
import { diskCheck, memoryCheck, portsCheck } from "./resources.js";
import { nodeCheck, rootCheck, toolCheck } from "./tools.js";

/** Which registries and build tools provisioning a component of each source kind uses. */
const NEEDS: Record<Component["source"]["kind"], { registries: Registry[]; go?: true; maven?: true }> = {
  apt: { registries: ["debian"] },
  go: { registries: ["go"], go: true },
  ocb: { registries: ["go"], go: true },
  maven: { registries: ["maven"], maven: true },
  npm: { registries: ["npm"] },
  pypi: { registries: ["pypi", "debian"] },
  perses: { registries: ["go", "npm"], go: true },
};

export interface DoctorScope {
  /** Check that the stack's ports are free (before `up`; `install` listens on none). */
  ports: boolean;
  /** Before install or up: leave out the tools nothing left to provision needs, and let ports settle. */
  preflight?: boolean;
}

/**
 * What stands between this machine and the profile running: the tools and registries that the
 * components still to provision need (a warm cache needs neither), root for Debian packages, disk,
 * memory and ports.
 */
export async function runDoctor(profile: Profile, scope: DoctorScope = { ports: true }): Promise<Check[]> {
  const components = componentsOf(profile);
  const stackRunning = await isSupervisorRunning();
  const cold = (await Promise.all(components.map(async (c) => ((await isCached(c)) ? [] : [c])))).flat();
  const coldOf = (test: (c: Component) => boolean) => cold.filter(test).map((c) => c.name);
  const needsGo = coldOf((c) => NEEDS[c.source.kind].go === true);
  const aptPackages = cold.flatMap((c) => (c.source.kind === "apt" ? c.source.packages : []));
  const forWhat = (names: string[]) => (names.length > 0 ? ` (to build ${names.join(", ")})` : "");
  const needsMaven = coldOf((c) => NEEDS[c.source.kind].maven === true).length > 0;
  const checks: Check[] = [
    nodeCheck(),
    ...(needsGo.length > 0 || !scope.preflight ? [toolCheck("go", needsGo.length > 0, forWhat(needsGo))] : []),
    toolCheck("java", true),
    ...(needsMaven || !scope.preflight ? [toolCheck("maven", needsMaven)] : []),
    rootCheck(aptPackages.length > 0 || coldOf((c) => c.source.kind === "pypi").length > 0, aptPackages),
    diskCheck(cold.length),
    memoryCheck(profile, stackRunning),
  ];
  const registries = new Map<Registry, string[]>();
  for (const component of cold) {
    for (const registry of NEEDS[component.source.kind].registries) {
      registries.set(registry, [...(registries.get(registry) ?? []), component.name]);
    }
  }
  checks.push(...(await Promise.all([...registries].map(([registry, names]) => registryCheck(registry, names)))));
  if (registries.size === 0 && !scope.preflight) {
    checks.push({ name: "registries", status: "pass", detail: "not needed: every component is cached" });
  }
  if (scope.ports) checks.push(await portsCheck(stackRunning, scope.preflight ? 10_000 : 0));
  return checks;
}

/** The doctor's checks before install or up: warnings are printed, and a failed check stops the run. */
export async function preflight(profile: Profile, ports: boolean): Promise<void> {
  const checks = await runDoctor(profile, { ports, preflight: true });
  for (const check of checks.filter((c) => c.status === "warn")) say("doctor", `${check.detail} (${check.fix})`);
  const failed = blocking(checks);
  if (failed.length > 0) {
    throw new StepError(
      "doctor",
      "the preflight",
      new Error(`\n${formatChecks(failed)}\n(firebreak doctor shows every check)`),
    );
  }
}
