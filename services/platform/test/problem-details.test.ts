import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, problemDetails } from "../src/index.js";

// Port 1 on loopback: nothing listens there, so the pool's connect is refused as a downed database's is.
const unreachable = new pg.Pool({ connectionString: "postgres://nobody@127.0.0.1:1/none", max: 1 });

const app = express();
app.get("/orders", async () => {
  await unreachable.query("SELECT 1");
});
app.get("/bug", () => {
  throw new TypeError("cannot read properties of undefined");
});
app.use(problemDetails(createLogger("problem-details-test", "silent")));

let server: Server;
let base: string;
beforeAll(() => {
  server = createServer(app).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await unreachable.end();
});

describe("problem details for errors no route meant", () => {
  it("When the database cannot be reached, then the answer is a 503 problem that says to try again", async () => {
    const response = await fetch(`${base}/orders`);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({
      status: 503,
      type: expect.stringMatching(/dependency-unavailable$/),
    });
  });

  it("When a route fails on its own bug, then the answer is a bare 500 problem", async () => {
    const response = await fetch(`${base}/bug`);
    expect(response.status).toBe(500);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(await response.json()).toMatchObject({ status: 500, type: expect.stringMatching(/internal$/) });
  });
});
