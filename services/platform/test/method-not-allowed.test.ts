import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { Router } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, notFound, problemDetails } from "../src/index.js";
import { methodNotAllowed } from "../src/method-not-allowed.js";

const routes = Router();
routes.get("/things/:id", (_req, res) => void res.json({ ok: true }));
routes.post("/things", (_req, res) => void res.status(201).json({ ok: true }));
routes.get("/things", (_req, res) => void res.json({ things: [] }));
const app = express();
app.use(routes);
app.use(methodNotAllowed(routes));
app.use(notFound);
app.use(problemDetails(createLogger("method-not-allowed-test", "silent")));

let server: Server;
let base: string;
beforeAll(() => {
  server = createServer(app).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server.close());

describe("a method a known path does not take", () => {
  it("When a path's routes take other methods, then the answer is 405 problem+json with every method they take in Allow", async () => {
    for (const [method, path, allow] of [
      ["DELETE", "/things/42", "GET, HEAD"],
      ["PUT", "/things", "GET, HEAD, POST"],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("When the path is unknown, then it is still 404, and a method the route takes is served", async () => {
    expect((await fetch(`${base}/nothing`, { method: "DELETE" })).status).toBe(404);
    expect((await fetch(`${base}/things/42`)).status).toBe(200);
  });
});
