import { join } from "node:path";
import { componentsOf, type Component, type Profile } from "../native/manifest.js";
import { cachePaths } from "../native/paths.js";
import { formatElapsed, say, StepError } from "../util/progress.js";
import { provisionApt } from "./apt.js";
import { provisionGo } from "./go.js";
import { provisionDebezium, provisionKafka } from "./maven.js";
import { withCacheLock } from "./lock.js";
import { provisionNpm } from "./npm.js";
import { provisionCollector } from "./ocb.js";
import { provisionPerses } from "./perses.js";
import { provisionPypi } from "./pypi.js";

export interface ProvisionResult {
  component: string;
  location: string;
  seconds: number;
}

async function provisionOne(component: Component): Promise<string> {
  const logFile = join(cachePaths().logs, `${component.name}.log`);
  const { source } = component;
  switch (source.kind) {
    case "apt":
      return provisionApt(component.name, source, logFile);
    case "go":
      return provisionGo(component.name, source, logFile);
    case "ocb":
      return provisionCollector(source, logFile);
    case "maven":
      return component.name === "kafka" ? provisionKafka(logFile) : provisionDebezium(logFile);
    case "npm":
      return provisionNpm(component.name, source, logFile);
    case "pypi":
      return provisionPypi(component.name, source, logFile);
    case "perses":
      return provisionPerses(source, logFile);
  }
}

/** Installs every component of the profile, one at a time: each build already uses both cores. */
export function provision(profile: Profile): Promise<ProvisionResult[]> {
  return withCacheLock(cachePaths().cache, () => provisionEach(profile));
}

async function provisionEach(profile: Profile): Promise<ProvisionResult[]> {
  const results: ProvisionResult[] = [];
  const components = componentsOf(profile);
  const began = Date.now();
  for (const [index, component] of components.entries()) {
    const started = Date.now();
    try {
      const location = await provisionOne(component);
      const seconds = (Date.now() - started) / 1000;
      const count = `${index + 1} of ${components.length} components, ${formatElapsed(Date.now() - began)} in all`;
      say(component.name, `ready: ${location} (${formatElapsed(seconds * 1000)}; ${count})`);
      results.push({ component: component.name, location, seconds });
    } catch (error) {
      if (error instanceof StepError) throw error;
      throw new StepError(component.name, "provision", error);
    }
  }
  return results;
}
