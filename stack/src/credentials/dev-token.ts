import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TOKEN_ALGORITHM } from "@firebreak/platform";
import { decodeJwt, importPKCS8, SignJWT } from "jose";
import { stackPaths } from "../native/paths.js";

export const JWT_ISSUER = "firebreak-dev";
/** The audience every service checks: a token minted for something else is refused. */
export const JWT_AUDIENCE = "firebreak-api";

export const jwtKeyPaths = () => ({
  privateKey: join(stackPaths().state, "jwt-private.pem"),
  publicKey: join(stackPaths().state, "jwt-public.pem"),
});

/** The stack's dev signing key, made on the first `up` and kept with its state, never in the repository. */
export function ensureDevKey(): void {
  const paths = jwtKeyPaths();
  if (existsSync(paths.privateKey) && existsSync(paths.publicKey)) return;
  mkdirSync(stackPaths().state, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  writeFileSync(paths.privateKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  writeFileSync(paths.publicKey, publicKey.export({ type: "spki", format: "pem" }));
}

/** A customer's token acts on that customer's orders; an operator's (scope "operator") reads everything. */
export async function devToken(
  subject: string,
  /** issuedAt: seconds since the epoch as the issuer's clock reads them; now unless given. */
  options: { operator?: boolean; ttlSeconds?: number; issuedAt?: number } = {},
): Promise<string> {
  ensureDevKey();
  const key = await importPKCS8(readFileSync(jwtKeyPaths().privateKey, "utf8"), TOKEN_ALGORITHM);
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: options.operator ? "operator" : "customer" })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM })
    .setSubject(subject)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? 24 * 3600))
    .sign(key);
}

/**
 * The synthetic probe's subject: a customer who never orders, so its read crosses the whole public
 * path (token check, rate limit, gateway, orders, PostgreSQL) and shows nobody's data.
 */
export const PROBE_SUBJECT = "synthetic-probe";
const PROBE_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
export const probeTokenFile = () => join(stackPaths().credentials, "probe-token");

/**
 * Mints the probe's token on every `up` (valid 30 days). The blackbox exporter reads the file at each
 * probe, so a new token takes effect without a restart. World-readable like the alert recorder's key,
 * for compose's bind mount; the credentials directory itself is the owner's alone.
 */
export async function writeProbeToken(): Promise<void> {
  mkdirSync(stackPaths().credentials, { recursive: true, mode: 0o700 });
  const token = await devToken(PROBE_SUBJECT, { ttlSeconds: PROBE_TOKEN_TTL_SECONDS });
  writeFileSync(`${probeTokenFile()}.tmp`, token, { mode: 0o644 });
  renameSync(`${probeTokenFile()}.tmp`, probeTokenFile());
}

/** A week's margin: a compose stack whose owner runs `firebreak token` now and then never probes with a dead token. */
const PROBE_TOKEN_RENEW_BEFORE_SECONDS = 7 * 24 * 3600;

/** Seconds until the probe's token expires; 0 when there is none or it cannot be read. */
export function probeTokenSecondsLeft(nowSeconds = Date.now() / 1000): number {
  if (!existsSync(probeTokenFile())) return 0;
  try {
    const { exp } = decodeJwt(readFileSync(probeTokenFile(), "utf8").trim());
    return typeof exp === "number" ? Math.max(0, exp - nowSeconds) : 0;
  } catch {
    return 0;
  }
}

/**
 * Compose's path, where no `firebreak up` mints the token: mint it when it is missing, unreadable or
 * within a week of expiry, so the probe does not start paging with 401s after 30 days.
 */
export async function ensureProbeToken(): Promise<void> {
  if (probeTokenSecondsLeft() <= PROBE_TOKEN_RENEW_BEFORE_SECONDS) await writeProbeToken();
}
