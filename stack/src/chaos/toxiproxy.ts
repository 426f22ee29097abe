import { requestOnce } from "../clients/http-once.js";
import { HOST, PORTS } from "../native/ports.js";

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

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const url = new URL(toxiproxyUrl());
  let response;
  try {
    const target = { host: url.hostname, port: Number(url.port || 80) };
    response = await requestOnce({ ...target, method, path, body, timeoutMs: CALL_TIMEOUT_MS, label: "Toxiproxy" });
  } catch (error) {
    throw new ToxiproxyError((error as Error).message);
  }
  if (response.status < 200 || response.status > 299) {
    throw new ToxiproxyError(`Toxiproxy ${method} ${path} answered ${response.status}: ${response.body}`);
  }
  return response.body ? JSON.parse(response.body) : undefined;
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

/** Links down (or up again) together, for a fault held over several proxies. */
export const setProxiesEnabled = (proxies: string[], enabled: boolean) => async () =>
  void (await Promise.all(proxies.map((proxy) => setProxyEnabled(proxy, enabled))));

/** Re-enables every proxy and removes every toxic. */
export async function resetAll(): Promise<void> {
  await call("POST", "/reset");
}

/** A proxy of one's own (tests); `listen` may end in :0 for a free port, which the answer names. */
export async function createProxy(name: string, listen: string, upstream: string): Promise<ProxyState> {
  return (await call("POST", "/proxies", { name, listen, upstream, enabled: true })) as ProxyState;
}

export async function deleteProxy(name: string): Promise<void> {
  await call("DELETE", `/proxies/${encodeURIComponent(name)}`);
}
