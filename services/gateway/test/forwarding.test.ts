import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAll, gateway, listen, token } from "./harness.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const received: Received[] = [];
let connections = 0;
let base: string;
let auth: { authorization: string };

/** A real upstream that records what reached it and answers with the same bytes. */
const echo = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
  res.writeHead(201, { "content-type": "application/octet-stream", location: "/somewhere", "x-internal": "1" });
  res.end(body);
}).on("connection", () => (connections += 1));

beforeAll(async () => {
  base = gateway({ upstreams: { orders: listen(echo) } });
  auth = { authorization: `Bearer ${await token(`forwarding-${Date.now()}`)}` };
});
afterAll(closeAll);

const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/orders?via=gateway`, { method: "POST", headers: { ...auth, ...headers }, body });

describe("forwarding", () => {
  it("When a JSON body is sent, then the upstream receives its exact bytes, the caller's token and the listed headers only", async () => {
    const json = '{ "customerId":"c-1",\n  "items": [ {"productId":"sku-é","quantity":1e0} ] }';
    const response = await post(json, { "content-type": "application/json; charset=utf-8", "idempotency-key": "k-1" });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/somewhere");
    expect(response.headers.get("x-internal")).toBeNull();
    const upstream = received.at(-1)!;
    expect(upstream).toMatchObject({ method: "POST", url: "/api/v1/orders?via=gateway" });
    expect(upstream.body.toString("utf8")).toBe(json);
    expect(upstream.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(upstream.headers["idempotency-key"]).toBe("k-1");
    expect(upstream.headers["x-request-id"]).toBe(response.headers.get("x-request-id"));
    // Forwarded, so that the service verifies the caller itself and authorizes by the token's subject.
    expect(upstream.headers.authorization).toBe(auth.authorization);
  });

  it("When an Idempotency-Key is sent empty, then it still reaches the service, which alone judges it", async () => {
    expect((await post("{}", { "content-type": "application/json", "idempotency-key": "" })).status).toBe(201);
    expect(received.at(-1)!.headers["idempotency-key"]).toBe("");
  });

  it("When a binary body of exactly 64 kb is sent, then it arrives and comes back byte for byte", async () => {
    const bytes = Buffer.alloc(64 * 1024, 0xff);
    bytes.write("\u0000not json\r\n", 10);
    const response = await post(bytes, { "content-type": "application/octet-stream" });
    expect(response.status).toBe(201);
    expect(received.at(-1)!.body.equals(bytes)).toBe(true);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("When a GET is forwarded, then no body goes upstream", async () => {
    const response = await fetch(`${base}/api/v1/orders/o-1`, { headers: auth });
    expect(response.status).toBe(201);
    expect(received.at(-1)).toMatchObject({ method: "GET", url: "/api/v1/orders/o-1" });
    expect(received.at(-1)!.body.length).toBe(0);
  });

  it("When requests follow each other, then they share one upstream connection", async () => {
    const before = connections;
    for (let i = 0; i < 5; i++) expect((await post(`{"n":${i}}`)).status).toBe(201);
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it("When the body is over 64 kb, then the answer is 413 problem+json and nothing goes upstream", async () => {
    const before = received.length;
    const response = await post(Buffer.alloc(64 * 1024 + 1, 0x61), { "content-type": "application/json" });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { type: string; title: string };
    expect(problem.type).toMatch(/\/payload-too-large$/);
    expect(problem.title).toBe("the request body is larger than 65536 bytes");
    expect(received.length).toBe(before);
  });

  it("When an oversized body comes without a token, then it is 401 before the body is read: no 413, no 5xx, nothing upstream", async () => {
    const before = received.length;
    const response = await fetch(`${base}/api/v1/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.alloc(70 * 1024, 0x61),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(received.length).toBe(before);
  });

  it("When the body's content-encoding is unknown, then the answer is 415 problem+json", async () => {
    const response = await post("{}", { "content-type": "application/json", "content-encoding": "bogus" });
    expect(response.status).toBe(415);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  it("When malformed JSON reaches the orders service, then its 400 problem+json comes back through the gateway", async () => {
    const live = gateway();
    const response = await fetch(`${live}/api/v1/orders`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", "idempotency-key": `malformed-${Date.now()}` },
      body: '{"customerId": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { type: string }).type).toMatch(/\/malformed-json$/);
  });
});
