/**
 * The gateway's CPU per request on its hot path (token check, rate limit, body, forwarding): an
 * in-process gateway against the running stack's Redis, and a child process that plays both the
 * upstream and a closed loop of keep-alive clients on loopback, so that this process's CPU time is
 * the gateway's alone. Bounded in count and time; prints one JSON line per scenario, asserts nothing.
 *
 *   node --import tsx services/gateway/bench/hot-path.ts [requests per scenario, default 10000] [clients, default 8]
 */
import { fork } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { SignJWT } from "jose";
import { createLogger } from "@firebreak/platform";
import { serviceRedisUrl } from "@firebreak/stack/service-env";
import { createApp } from "../src/app.js";
import type { LoadReport, LoadRequest } from "./load.js";

const [requests, clients] = [Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 8)];
if (!(requests >= 1_000 && requests <= 100_000) || !(clients >= 1 && clients <= 64)) {
  process.stderr.write(
    `hot-path: requests must be 1000-100000 and clients 1-64, got '${process.argv[2]}' '${process.argv[3]}'\n`,
  );
  process.exit(2);
}
const MAX_SECONDS = 60;
const SUBJECTS = 200;

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const tokens = await Promise.all(
  Array.from({ length: SUBJECTS }, (_, i) =>
    new SignJWT({})
      .setProtectedHeader({ alg: "ES256" })
      .setSubject(`bench-${i}`)
      .setIssuer("bench")
      .setAudience("bench")
      .setIssuedAt()
      .setNotBefore("0s")
      .setExpirationTime("10m")
      .sign(privateKey),
  ),
);

const load = fork(new URL("./load.ts", import.meta.url), [], { execArgv: ["--import", "tsx"] });
const [upstream] = (await once(load, "message")) as [string];
const redis = new Redis(serviceRedisUrl("gateway"), { maxRetriesPerRequest: 1 });
await redis.ping();
// The limiter fails open without Redis, which would make a cheaper, unrepresentative run: it is counted.
let redisErrors = 0;
redis.on("error", () => (redisErrors += 1));
const app = createApp({
  redis,
  logger: createLogger("gateway-bench", "silent"),
  tokens: { key: publicKey, issuer: "bench", audience: "bench" },
  upstreams: { orders: upstream, inventory: upstream, payments: upstream, analytics: upstream },
  upstreamTimeoutMs: 5_000,
  ratePerSecond: 1_000_000,
  unauthenticatedPerSecond: 50,
  isShuttingDown: () => false,
});
const server = createServer(app).listen(0, "127.0.0.1");
await once(server, "listening");
const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function measure(scenario: LoadRequest["scenario"]): Promise<void> {
  const run = (count: number) => {
    const request: LoadRequest = {
      gateway,
      tokens,
      scenario,
      count,
      clients,
      deadlineMs: Date.now() + MAX_SECONDS * 1000,
    };
    load.send(request);
    return once(load, "message") as Promise<[LoadReport]>;
  };
  await run(Math.min(2_000, requests));
  const redisErrorsBefore = redisErrors;
  const cpuBefore = process.cpuUsage();
  const [report] = await run(requests);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMicros = cpu.user + cpu.system;
  process.stdout.write(
    `${JSON.stringify({
      scenario,
      ...report,
      requestsPerSecond: Math.round(report.completed / report.seconds),
      gatewayCpuMicrosPerRequest: Math.round(cpuMicros / report.completed),
      gatewayCpuShareOfOneCore: Number((cpuMicros / 1e6 / report.seconds).toFixed(2)),
      redisErrors: redisErrors - redisErrorsBefore,
    })}\n`,
  );
}

await measure("get");
await measure("post");
load.kill();
server.close();
redis.disconnect();
