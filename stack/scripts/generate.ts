import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderGenerated } from "../src/generate/all.js";
import { REPO_ROOT } from "../src/native/paths.js";

for (const [target, text] of renderGenerated()) {
  const path = join(REPO_ROOT, target);
  mkdirSync(dirname(path), { recursive: true });
  // A running Prometheus may reload a rules file at any moment, so rules are renamed into place whole.
  // Everything else is written in place: compose bind-mounts single files, and a renamed file is a
  // new inode that a running container would never see.
  if (target.startsWith("observability/prometheus/")) {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  } else {
    writeFileSync(path, text);
  }
  process.stdout.write(`wrote ${target}\n`);
}
