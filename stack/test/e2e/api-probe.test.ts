import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { PROBE_SUBJECT, probeTokenFile } from "../../src/credentials/dev-token.js";
import { PORTS } from "../../src/native/ports.js";
import { eventually, url } from "../helpers.js";

const GATEWAY_READ = url(PORTS.gateway, "/api/v1/orders?limit=1");

async function instantQuery(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(url(PORTS.prometheus, `/api/v1/query?query=${encodeURIComponent(query)}`));
  return (
    (await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }
  ).data.result;
}

/** Asks the blackbox exporter for one probe now, with the module Prometheus's api-probe job uses. */
async function probe(target: string): Promise<Map<string, number>> {
  const response = await fetch(
    url(PORTS.blackboxExporter, `/probe?module=http_api&target=${encodeURIComponent(target)}`),
  );
  expect(response.status).toBe(200);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    const match = /^(probe_success|probe_http_status_code) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

describe("the outside-in probe reads the public API as a customer would", () => {
  it("When Prometheus scrapes the api-probe job, then the probe read the gateway's API and got a 200", async () => {
    const [success] = await eventually(
      async () => {
        const result = await instantQuery('probe_success{job="api-probe"}');
        return result.length > 0 ? result : undefined;
      },
      60_000,
      "a probe_success sample of the api-probe job",
    );
    expect(success!.metric.instance).toBe(GATEWAY_READ);
    expect(success!.value[1]).toBe("1");
    const [status] = await instantQuery('probe_http_status_code{job="api-probe"}');
    expect(status!.value[1]).toBe("200");
  });

  it("When the probe's token is used, then it is a customer's that sees only its own empty list", async () => {
    const token = readFileSync(probeTokenFile(), "utf8");
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: PROBE_SUBJECT, scope: "customer" });
    expect(claims.exp! - claims.iat!).toBe(30 * 24 * 3600);
    const response = await fetch(GATEWAY_READ, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ orders: [] });
  });

  it("When the probed route answers anything but 200, or nothing listens, then the probe fails", async () => {
    const ok = await probe(GATEWAY_READ);
    expect(ok.get("probe_success")).toBe(1);
    const notFound = await probe(url(PORTS.gateway, "/api/v1/orders/00000000-0000-4000-8000-000000000000"));
    expect(notFound.get("probe_http_status_code")).toBe(404);
    expect(notFound.get("probe_success")).toBe(0);
    // The supervisor's port range has no listener on the gateway's port plus one thousand.
    const refused = await probe(url(PORTS.gateway + 1000, "/api/v1/orders"));
    expect(refused.get("probe_success")).toBe(0);
  });
});
