import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEBEZIUM_VERSION, KAFKA_VERSION } from "../native/manifest.js";
import { cachePaths, REPO_ROOT } from "../native/paths.js";
import { run } from "../util/exec.js";
import { step } from "../util/progress.js";

const RUNTIME_POM = join(REPO_ROOT, "cdc", "connect", "pom.xml");

/** Keyed by the Kafka version and the runtime POM, so that a jar added to the POM is resolved again. */
export const kafkaLibsDir = () => {
  const pomDigest = createHash("sha256").update(readFileSync(RUNTIME_POM)).digest("hex").slice(0, 8);
  return join(cachePaths().cache, `kafka-${KAFKA_VERSION}-${pomDigest}`, "libs");
};
export const connectPluginsDir = () => join(cachePaths().cache, `debezium-${DEBEZIUM_VERSION}`, "plugins");

function mvn(args: string[], logFile: string): Promise<string> {
  return run("mvn", ["-B", "-q", `-Dmaven.repo.local=${cachePaths().mavenRepo}`, ...args], {
    cwd: cachePaths().cache,
    logFile,
  });
}

async function intoFreshDir(target: string, fill: (staging: string) => Promise<unknown>): Promise<void> {
  const staging = `${target}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await fill(staging);
  writeFileSync(join(staging, ".complete"), "");
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}

export async function provisionKafka(logFile: string): Promise<string> {
  const libs = kafkaLibsDir();
  if (existsSync(join(libs, ".complete"))) return libs;
  await step("kafka", `resolve Kafka ${KAFKA_VERSION} jars from Maven Central`, () =>
    intoFreshDir(libs, (staging) =>
      mvn(
        [
          "-f",
          RUNTIME_POM,
          `-Dkafka.version=${KAFKA_VERSION}`,
          "dependency:copy-dependencies",
          "-DincludeScope=runtime",
          `-DoutputDirectory=${staging}`,
        ],
        logFile,
      ),
    ),
  );
  return libs;
}

/** The connector's plugin archive; from Debezium 3.5 it carries the outbox EventRouter too. */
export async function provisionDebezium(logFile: string): Promise<string> {
  const plugins = connectPluginsDir();
  if (existsSync(join(plugins, ".complete"))) return plugins;
  await step("connect", `unpack Debezium ${DEBEZIUM_VERSION} PostgreSQL connector plugin`, () =>
    intoFreshDir(plugins, async (staging) => {
      await mvn(
        [
          "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack",
          `-Dartifact=io.debezium:debezium-connector-postgres:${DEBEZIUM_VERSION}:tar.gz:plugin`,
          `-DoutputDirectory=${staging}`,
          // Without a project the plugin would put its markers under a literal ${project.basedir}.
          `-DmarkersDirectory=${staging}.markers`,
        ],
        logFile,
      );
      rmSync(`${staging}.markers`, { recursive: true, force: true });
      const connectorDir = join(staging, "debezium-connector-postgres");
      const jars = existsSync(connectorDir) ? readdirSync(connectorDir) : [];
      if (!jars.some((jar) => jar.startsWith("debezium-connect-plugins-"))) {
        throw new Error(`the plugin archive has no debezium-connect-plugins jar (the outbox EventRouter)`);
      }
    }),
  );
  return plugins;
}
