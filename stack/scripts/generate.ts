import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderGenerated } from "../src/generate/all.js";
import { REPO_ROOT } from "../src/native/paths.js";

for (const [target, text] of renderGenerated()) {
  const path = join(REPO_ROOT, target);
  mkdirSync(dirname(path), { recursive: true });
  // Written whole and renamed into place: a running Prometheus may reload a rules file at any moment.
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  process.stdout.write(`wrote ${target}\n`);
}
