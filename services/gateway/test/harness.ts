import type { AddressInfo } from "node:net";
import { createServer, type RequestListener, type Server } from "node:http";
import { generateKeyPairSync } from "node:crypto";
import { Redis } from "ioredis";
import { SignJWT } from "jose";
import { createLogger } from "@firebreak/platform";
import { PORTS } from "@firebreak/stack/ports";
import { serviceEnv } from "@firebreak/stack/service-env";
import { createApp, type AppDeps } from "../src/app.js";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const redis = new Redis(serviceEnv("orders").REDIS_URL!, { maxRetriesPerRequest: 1 });
const servers: Server[] = [];
const live = `http://127.0.0.1:${PORTS.orders}`;

/** Listens on an ephemeral loopback port; closed by closeAll. */
export function listen(server: Server): string {
  servers.push(server.listen(0));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export type GatewayOptions = Partial<Pick<AppDeps, "upstreamTimeoutMs" | "ratePerSecond" | "verifiedTokens">> & {
  upstreams?: Partial<AppDeps["upstreams"]>;
  /** Wraps the app, e.g. to run it inside a span as the HTTP server instrumentation would. */
  around?: (app: RequestListener) => RequestListener;
};

/** An in-process gateway in front of the running stack's services (or the given upstreams), against its Redis. */
export function gateway({ upstreams = {}, around = (app) => app, ...options }: GatewayOptions = {}): string {
  const app = createApp({
    redis,
    logger: createLogger("gateway-test", "silent"),
    jwtKey: publicKey,
    jwtIssuer: "test-issuer",
    upstreams: {
      orders: live,
      inventory: `http://127.0.0.1:${PORTS.inventory}`,
      payments: live,
      analytics: live,
      ...upstreams,
    },
    upstreamTimeoutMs: 2_000,
    ratePerSecond: 1_000,
    isShuttingDown: () => false,
    ...options,
  });
  return listen(createServer(around(app)));
}

/** A token signed with the gateway's key; `expiresAt` is epoch seconds or a jose span such as "5m". */
export const token = (subject: string, { issuer = "test-issuer", expiresAt = "5m" as number | string } = {}) =>
  new SignJWT({})
    .setProtectedHeader({ alg: "ES256" })
    .setSubject(subject)
    .setIssuer(issuer)
    .setExpirationTime(expiresAt)
    .sign(privateKey);

export function closeAll(): void {
  for (const server of servers) server.close();
  redis.disconnect();
}
