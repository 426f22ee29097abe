import { HOST, PORTS } from "../ports.js";

/** Toxiproxy's API can hang while removing toxics under load (its issues #159, #412): every call has a deadline. */
const CALL_TIMEOUT_MS = 5_000;

export interface ToxicSpec {
  name: string;
  type: string;
  stream: "upstream" | "downstream";
  toxicity: number;
  attributes: Record<string, number>;
}

export interface ProxyState {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicSpec[];
}

export class ToxiproxyError extends Error {}

export function toxiproxyUrl(): string {
  return process.env.FIREBREAK_TOXIPROXY_URL ?? `http://${HOST}:${PORTS.toxiproxy}`;
}

function request(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${toxiproxyUrl()}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    // A kept-alive socket the server has just closed fails at once ("fetch failed"): a read is
    // safe to send again on a fresh connection; a change is not, and a timeout is not retried.
    response = await request(method, path, body).catch((error: Error) => {
      if (method !== "GET" || error.name === "TimeoutError") throw error;
      return request(method, path, body);
    });
  } catch (error) {
    throw new ToxiproxyError(`Toxiproxy ${method} ${path}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new ToxiproxyError(`Toxiproxy ${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function listProxies(): Promise<Record<string, ProxyState>> {
  return (await call("GET", "/proxies")) as Record<string, ProxyState>;
}

export async function addToxic(proxy: string, toxic: ToxicSpec): Promise<void> {
  await call("POST", `/proxies/${encodeURIComponent(proxy)}/toxics`, toxic);
}

export async function removeToxic(proxy: string, toxic: string): Promise<void> {
  await call("DELETE", `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`);
}

/** Disabling a proxy closes its connections and refuses new ones: the link is down, not slow. */
export async function setProxyEnabled(proxy: string, enabled: boolean): Promise<void> {
  await call("POST", `/proxies/${encodeURIComponent(proxy)}`, { enabled });
}

/** Re-enables every proxy and removes every toxic. */
export async function resetAll(): Promise<void> {
  await call("POST", "/reset");
}
