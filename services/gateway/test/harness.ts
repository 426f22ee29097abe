import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { SignJWT } from "jose";
import { createLogger } from "@firebreak/platform";
import { ensureDevKey, JWT_AUDIENCE, JWT_ISSUER, jwtKeyPaths } from "@firebreak/stack/dev-token";
import { PORTS } from "@firebreak/stack/ports";
import { adminRedisUrl, serviceRedisUrl } from "@firebreak/stack/service-env";
import { createApp, type AppDeps } from "../src/app.js";

// The stack's own key: the services behind the test gateway verify the forwarded token with it too.
ensureDevKey();
const privateKey = createPrivateKey(readFileSync(jwtKeyPaths().privateKey));
const publicKey = createPublicKey(readFileSync(jwtKeyPaths().publicKey));
/** The stack's Redis, which the test gateways count rates in. */
/** The gateway's own Redis user, as main.ts connects. */
const gatewayRedis = new Redis(serviceRedisUrl("gateway"), { maxRetriesPerRequest: 1 });
/** Redis's admin, for what a test reads about the gateway's keys (the gateway's user may not). */
export const redis = new Redis(adminRedisUrl(), { maxRetriesPerRequest: 1 });
const servers: Server[] = [];
const live = `http://127.0.0.1:${PORTS.orders}`;

/** Listens on an ephemeral loopback port; closed by closeAll. */
export function listen(server: Server): string {
  servers.push(server.listen(0));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export type GatewayOptions = Partial<
  Pick<AppDeps, "upstreamTimeoutMs" | "ratePerSecond" | "unauthenticatedPerSecond" | "verifiedTokens">
> & {
  upstreams?: Partial<AppDeps["upstreams"]>;
};

/** An in-process gateway in front of the running stack's services (or the given upstreams), against its Redis. */
export function gateway({ upstreams = {}, ...options }: GatewayOptions = {}): string {
  const app = createApp({
    redis: gatewayRedis,
    logger: createLogger("gateway-test", "silent"),
    // No clock tolerance, so that a test can watch a token expire without waiting half a minute.
    tokens: { key: publicKey, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, clockToleranceSeconds: 0 },
    upstreams: {
      orders: live,
      inventory: `http://127.0.0.1:${PORTS.inventory}`,
      payments: `http://127.0.0.1:${PORTS.payments}`,
      analytics: `http://127.0.0.1:${PORTS.analytics}`,
      ...upstreams,
    },
    upstreamTimeoutMs: 2_000,
    ratePerSecond: 1_000,
    unauthenticatedPerSecond: 1_000,
    isShuttingDown: () => false,
    ...options,
  });
  return listen(createServer(app));
}

export interface TokenOptions {
  issuer?: string;
  audience?: string;
  /** Epoch seconds or a jose span such as "5m"; null leaves exp out. */
  expiresAt?: number | string | null;
  notBefore?: number | string;
  operator?: boolean;
}

/** A token signed with the stack's key; each option can be made wrong to see it refused. */
export function token(subject: string, options: TokenOptions = {}): Promise<string> {
  const { issuer = JWT_ISSUER, audience = JWT_AUDIENCE, expiresAt = "5m", notBefore = "0s" } = options;
  const jwt = new SignJWT({ scope: options.operator ? "operator" : "customer" })
    .setProtectedHeader({ alg: "ES256" })
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setNotBefore(notBefore);
  if (expiresAt !== null) jwt.setExpirationTime(expiresAt);
  return jwt.sign(privateKey);
}

export function closeAll(): void {
  for (const server of servers) server.close();
  redis.disconnect();
  gatewayRedis.disconnect();
}
