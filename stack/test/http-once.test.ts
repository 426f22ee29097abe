import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestOnce } from "../src/clients/http-once.js";

interface Seen {
  method: string;
  url: string;
  connection: string | undefined;
  contentType: string | undefined;
  body: string;
}

function drip(res: ServerResponse): void {
  res.writeHead(200);
  const timer = setInterval(() => res.write("."), 50);
  res.on("close", () => clearInterval(timer));
}

describe("one request per connection", () => {
  const seen: Seen[] = [];
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const { method = "", url = "" } = req;
        seen.push({ method, url, connection: req.headers.connection, contentType: req.headers["content-type"], body });
        if (url === "/slow") return; // never answers
        if (url === "/drip") return drip(res); // answers a byte at a time, never finishing
        res.writeHead(url === "/missing" ? 404 : 200).end(`answer to ${method} ${url}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const call = (method: string, path: string, extra: { body?: unknown; timeoutMs?: number } = {}) =>
    requestOnce({ host: "127.0.0.1", port, method, path, timeoutMs: 2_000, label: "test API", ...extra });

  it("When a change carries a body, then the server gets it as JSON on a connection that closes after the answer", async () => {
    const response = await call("POST", "/proxies/x", { body: { enabled: false } });
    expect(response).toMatchObject({ status: 200, body: "answer to POST /proxies/x" });
    expect(seen.at(-1)).toEqual({
      method: "POST",
      url: "/proxies/x",
      connection: "close",
      contentType: "application/json",
      body: '{"enabled":false}',
    });
  });

  it("When the server closes every connection between calls, then the next call still succeeds", async () => {
    await call("GET", "/first");
    server.closeAllConnections();
    expect((await call("GET", "/second")).body).toBe("answer to GET /second");
  });

  it("When the server answers an error status, then the status comes back rather than a throw", async () => {
    expect((await call("DELETE", "/missing")).status).toBe(404);
  });

  it("When the server never answers, then the call fails after its deadline naming the API and the path", async () => {
    await expect(call("GET", "/slow", { timeoutMs: 200 })).rejects.toThrow(
      "test API GET /slow: timed out after 200 ms",
    );
  });

  it("When the server keeps sending bytes but never finishes, then the call still fails at its deadline", async () => {
    await expect(call("GET", "/drip", { timeoutMs: 300 })).rejects.toThrow(
      "test API GET /drip: timed out after 300 ms",
    );
  });

  it("When nothing listens, then the error names the API and the call once", async () => {
    const refused = requestOnce({
      host: "127.0.0.1",
      port: 1,
      method: "GET",
      path: "/x",
      timeoutMs: 1_000,
      label: "test API",
    });
    await expect(refused).rejects.toThrow(/^test API GET \/x: connect ECONNREFUSED/);
  });
});
