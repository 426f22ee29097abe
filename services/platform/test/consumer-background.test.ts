import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { randomUUID } from "node:crypto";
import express from "express";
import { logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { healthRoutes, kafkaClient, startConsumerInBackground } from "../src/index.js";
import { freshTopic, kafka, logger, pool } from "./fixtures.js";

/** A port where nothing answers: a listener closed at once. */
async function deadPort(): Promise<number> {
  const server = createServer().listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a consumer started in the background", () => {
  it("When Kafka cannot be reached, then the service goes on, the consumer says it is starting and why, and stopping it is prompt", async () => {
    const unreachable = kafkaClient("background-test", [`127.0.0.1:${await deadPort()}`], logLevel.NOTHING, {
      retry: { retries: 0 },
      connectionTimeout: 300,
    });
    const consumer = startConsumerInBackground(
      { kafka: unreachable, pool, logger, groupId: `bg-${randomUUID()}`, topics: ["nowhere"], handle: async () => {} },
      100,
    );
    expect(consumer.state()).toBe("starting");
    await expect.poll(() => consumer.state(), { timeout: 5_000 }).toMatch(/^starting \(last attempt: .+\)$/);
    const started = Date.now();
    await consumer.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("When Kafka is there, then the consumer runs and its state is ok", async () => {
    const topic = await freshTopic(1);
    const consumer = startConsumerInBackground({
      kafka,
      pool,
      logger,
      groupId: `bg-${randomUUID()}`,
      topics: [topic],
      handle: async () => {},
    });
    try {
      await expect.poll(() => consumer.state(), { timeout: 30_000 }).toBe("ok");
    } finally {
      await consumer.stop();
    }
  });

  it("When a part is degraded, then readiness names it and stays 200; once it is ok, it is not listed", async () => {
    let consumer = "starting (last attempt: connection refused)";
    const app = express().use(
      healthRoutes({ postgres: async () => undefined }, () => false, { consumer: () => consumer }),
    );
    const server = app.listen(0);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
    try {
      const degraded = await fetch(url);
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toEqual({ status: "ready", checks: { postgres: "ok" }, degraded: { consumer } });
      consumer = "ok";
      expect(await (await fetch(url)).json()).toEqual({ status: "ready", checks: { postgres: "ok" } });
    } finally {
      server.close();
    }
  });
});
