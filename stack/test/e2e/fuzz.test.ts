import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pythonToolBinary } from "../../src/native/env.js";
import { REPO_ROOT } from "../../src/native/paths.js";
import { PORTS } from "../../src/native/ports.js";
import { authAs, OPERATOR, url } from "../helpers.js";

/** A fixed seed, so a failure here is the same failure on the next run and on a laptop. */
const SEED = "20261204";
/** Per operation; with the coverage and stateful phases' own cases, about 4,000 requests in all (about 40 s). */
const EXAMPLES_PER_OPERATION = "50";

/**
 * The gateway is fuzzed as a customer, which is what the public is, and as the operator, who alone
 * gets past analytics' 403; each service directly, as it is reached from inside.
 */
const TARGETS = [
  { name: "gateway", port: PORTS.gateway, caller: "customer-fuzz" },
  { name: "gateway", port: PORTS.gateway, caller: OPERATOR },
  { name: "orders", port: PORTS.orders, caller: "customer-fuzz" },
  { name: "inventory", port: PORTS.inventory, caller: "customer-fuzz" },
  { name: "payments", port: PORTS.payments, caller: "customer-fuzz" },
  { name: "analytics", port: PORTS.analytics, caller: OPERATOR },
];

const reports = mkdtempSync(join(tmpdir(), "firebreak-fuzz-"));
afterAll(() => rmSync(reports, { recursive: true, force: true }));

function schemathesis(args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonToolBinary("schemathesis"), args, { cwd: REPO_ROOT });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

describe("the OpenAPI documents, fuzzed by Schemathesis", () => {
  it.each(TARGETS)(
    "When $name is sent generated requests as $caller, valid and invalid, then every answer is one its document allows and none is a 5xx",
    async ({ name, port, caller }) => {
      const { authorization } = await authAs(caller);
      const result = await schemathesis([
        "--config-file",
        join("stack", "test", "schemathesis.toml"),
        "run",
        join("services", name, "openapi.yaml"),
        "--url",
        url(port, ""),
        "--header",
        `Authorization: ${authorization}`,
        "--checks",
        "all",
        "--seed",
        SEED,
        "--max-examples",
        EXAMPLES_PER_OPERATION,
        "--generation-database",
        "none",
        // One worker: with more, Debian 12's Python 3.11.2 can fail in ast.parse across threads
        // ("AST constructor recursion depth mismatch", fixed in later 3.11 releases).
        "--workers",
        "1",
        // The gateway allows a client 100 requests a second; faster, the fuzzer tests its 429 only.
        "--rate-limit",
        "80/s",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        join(reports, `${name}-${caller}.xml`),
      ]);
      expect(result.status, result.output).toBe(0);
      // A run that generated next to nothing (a document it could not read, every route refused) is no pass.
      const generated = Number(/(\d+) generated/.exec(result.output)?.[1] ?? 0);
      const operations = Number(/Operations:\s+(\d+) selected/.exec(result.output)?.[1] ?? 0);
      console.log(`schemathesis: ${name} as ${caller}: ${generated} cases over ${operations} operations`);
      expect(operations, result.output).toBeGreaterThan(0);
      expect(generated, result.output).toBeGreaterThanOrEqual(25 * operations);
    },
    300_000,
  );
});
