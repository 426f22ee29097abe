import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Component } from "../native/manifest.js";
import { installedVersion } from "./apt.js";
import { goBinDir } from "./go.js";
import { connectPluginsDir, kafkaLibsDir } from "./maven.js";
import { npmPackageDir } from "./npm.js";
import { collectorBinDir } from "./ocb.js";
import { persesDir } from "./perses.js";
import { persesPluginsDir } from "./perses-plugins.js";
import { pypiVenvDir } from "./pypi.js";

const complete = (dir: string) => existsSync(join(dir, ".complete"));

/** Whether provisioning the component would find it done: the same markers each provisioner checks first. */
export async function isCached(component: Component): Promise<boolean> {
  const { source } = component;
  switch (source.kind) {
    case "apt": {
      const versions = await Promise.all(source.packages.map(installedVersion));
      return versions.every((version) => version !== undefined);
    }
    case "go":
      return complete(goBinDir(component.name, source));
    case "ocb":
      return complete(collectorBinDir(source));
    case "maven":
      return complete(component.name === "kafka" ? kafkaLibsDir() : connectPluginsDir());
    case "npm": {
      const marker = join(npmPackageDir(component.name, source), ".complete");
      return existsSync(marker) && readFileSync(marker, "utf8") === source.integrity;
    }
    case "pypi":
      return complete(pypiVenvDir(component.name, source));
    case "perses":
      return complete(persesDir(source)) && complete(persesPluginsDir(source));
  }
}
