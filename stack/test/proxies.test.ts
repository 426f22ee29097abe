import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LINKS } from "../src/chaos/links.js";
import { stackEnv, screaming } from "../src/native/env.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { PORTS, PROXY_PORTS } from "../src/native/ports.js";
import { UsageError } from "../src/util/usage.js";

const proxyPortOf = (env: Record<string, string>, link: string) => env[`FB_PROXY_PORT_${screaming(link)}`];

describe("FIREBREAK_PROXIES", () => {
  afterEach(() => {
    delete process.env.FIREBREAK_PROXIES;
  });

  it("When it is unset, then every client's address is its link's Toxiproxy port", () => {
    const env = stackEnv();
    for (const link of LINKS) expect(proxyPortOf(env, link.name)).toBe(String(PROXY_PORTS[link.name]));
  });

  it("When it is bypass, then every client's address is the component's own port", () => {
    process.env.FIREBREAK_PROXIES = "bypass";
    const env = stackEnv();
    for (const link of LINKS) expect(proxyPortOf(env, link.name)).toBe(String(PORTS[link.upstream.port]));
    // Kafka advertises each client's listener at this address, so a bypassed client stays bypassed.
    expect(proxyPortOf(env, "ordersToKafka")).toBe(String(PORTS.kafkaForOrders));
  });

  it("When it is anything else, then it is refused by name", () => {
    process.env.FIREBREAK_PROXIES = "off";
    expect(() => stackEnv()).toThrow(UsageError);
    expect(() => stackEnv()).toThrow("FIREBREAK_PROXIES must be 'on' or 'bypass', not 'off'");
  });

  it("When chaos is run with the proxies bypassed, then it refuses before any fault and exits 2", () => {
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, "stack", "bin", "firebreak.js"), "chaos", "run", "--all"],
      {
        encoding: "utf8",
        env: { ...process.env, FIREBREAK_PROXIES: "bypass" },
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("FIREBREAK_PROXIES=bypass");
  });
});
