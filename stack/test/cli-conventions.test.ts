import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/commands.js";
import { parseCommandLine } from "../src/cli/parse.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { UsageError } from "../src/util/usage.js";
import { firebreak } from "./helpers.js";

/** A command with its first subcommand, as a user types it. */
const invocation = (name: string) => {
  const command = COMMANDS.find((c) => c.name === name)!;
  const sub = Object.keys(command.subcommands ?? {})[0];
  return sub ? [name, sub] : [name];
};

describe("the CLI's conventions", () => {
  it("When --version is asked, then it prints the package's version and exits 0", () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const result = firebreak(flag);
      expect([result.code, result.stdout]).toEqual([0, `firebreak ${version} (Node ${process.versions.node})\n`]);
    }
  });

  /** The usage error the CLI prints (and exits 2 with) for this command line, read from the parser itself. */
  const usageErrorOf = (argv: string[]): string => {
    try {
      parseCommandLine(argv);
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    throw new Error(`'${argv.join(" ")}' parsed without a usage error`);
  };

  // The table runs in the parser, not in 22 processes; the spawned cases below check that a usage
  // error reaches the terminal as exit 2 with the parser's words.
  it.each(COMMANDS.map((command) => [command.name]))(
    "When '%s --no-such-flag' is parsed, then it is a usage error naming the flag and the command",
    (name) => {
      const message = usageErrorOf([...invocation(name), "--no-such-flag"]);
      expect(message).toContain("'--no-such-flag'");
      expect(message).toContain(`'firebreak ${name}`);
    },
  );

  it("When a bad flag is run, then the CLI exits 2 and prints the parser's message", () => {
    const result = firebreak("chaos", "run", "--no-such-flag");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`firebreak: ${usageErrorOf(["chaos", "run", "--no-such-flag"])}\n`);
  });

  it.each([
    [["status", "--wait"], "'firebreak status' has no flag '--wait'", "'firebreak up'"],
    [["where", "--volumes"], "'firebreak where' has no flag '--volumes'", "'firebreak down'"],
    [["chaos", "list", "--all"], "'firebreak chaos list' has no flag '--all'", "'firebreak chaos run'"],
    [["bench", "capacity", "--rate", "5"], "has no flag '--rate'", "'firebreak load'"],
    [["up", "--json"], "'firebreak up' has no flag '--json'", "'firebreak status'"],
  ])("When a flag of another command is given (%j), then it exits 2 and says whose flag it is", (args, said, owner) => {
    const result = firebreak(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(said);
    expect(result.stderr).toContain(owner);
  });

  it("When a command gets more arguments than it takes, then it exits 2 naming the extra one", () => {
    const result = firebreak("status", "everything");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unexpected argument 'everything' for 'firebreak status'");
  });

  const helpOf = (argv: string[]): string => {
    const line = parseCommandLine(argv);
    if (line.kind !== "help") throw new Error(`'${argv.join(" ")}' is not a help request`);
    return line.text;
  };

  it.each(COMMANDS.map((command) => [command.name]))(
    "When '%s --help' is asked, then it gives that command's usage, flags and examples",
    (name) => {
      const command = COMMANDS.find((c) => c.name === name)!;
      const help = helpOf([name, "--help"]);
      expect(help).toMatch(new RegExp(`^firebreak ${name}: `));
      for (const usage of command.usage) expect(help).toContain(`firebreak ${usage}`);
      for (const flag of [...command.options, ...Object.values(command.subcommands ?? {}).flat()])
        expect(help).toContain(`--${flag}`);
      expect(help).toContain("Examples:");
      expect(helpOf(["help", name])).toBe(help);
    },
  );

  it("When a command's help is run, then the CLI prints it and exits 0", () => {
    for (const argv of [
      ["gameday", "--help"],
      ["help", "gameday"],
    ]) {
      const result = firebreak(...argv);
      expect([result.code, result.stdout]).toEqual([0, helpOf(["gameday", "--help"])]);
    }
  });

  it("When each command's examples are read as command lines, then every one parses", () => {
    for (const command of COMMANDS) {
      for (const example of command.examples) {
        const argv = example.split("|")[0]!.trim().split(/\s+/).slice(1);
        const quoted = argv.findIndex((token) => token.startsWith('"'));
        const line = parseCommandLine(quoted === -1 ? argv : [...argv.slice(0, quoted), "text"]);
        expect(line, example).toMatchObject({ kind: "run", command: command.name });
      }
    }
  });

  it("When the global help is printed, then it lists every command and parses nothing else", () => {
    const help = firebreak("--help").stdout;
    for (const command of COMMANDS) expect(help).toContain(`firebreak ${command.name}`);
    expect(() => parseCommandLine(["--fast"])).toThrow(UsageError);
  });

  it("When where and chaos list are asked for --json, then stdout is JSON alone", () => {
    const where = JSON.parse(firebreak("where", "--json").stdout) as { endpoints: Record<string, string> };
    expect(where.endpoints.Perses).toBe("http://127.0.0.1:18090");
    const list = JSON.parse(firebreak("chaos", "list", "--json").stdout) as { id: string; title: string }[];
    expect(list.map((e) => e.id)).toContain("postgres-down");
    expect(list.every((e) => e.title.length > 0)).toBe(true);
  });

  it("When logs --follow runs, then a line written later is printed, and Ctrl-C ends it with 0", async () => {
    const state = mkdtempSync(join(tmpdir(), "firebreak-follow-"));
    mkdirSync(join(state, "logs"));
    const log = join(state, "logs", "orders.log");
    writeFileSync(log, "an old line\n");
    const child = spawn(process.execPath, [join(REPO_ROOT, "stack", "bin", "firebreak.js"), "logs", "orders", "-f"], {
      env: { ...process.env, FIREBREAK_STATE: state },
    });
    let stdout = "";
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => stdout.includes(text) && resolve();
        child.stdout.on("data", (chunk: Buffer) => ((stdout += chunk.toString()), check()));
        check();
      });
    await seen("an old line");
    appendFileSync(log, "a new line\n");
    await seen("a new line");
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it("When attach runs without a terminal, then it says so and exits 2", () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "stack", "bin", "firebreak.js"), "attach"], {
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("attach opens a terminal UI and needs a terminal");
  });
});
