import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { stopInOrder } from "../src/shutdown.js";

describe("stopping a service's parts", () => {
  it("When a step fails, then it is logged with its name and the steps after it still run, in order", async () => {
    const logged: { msg: string; step?: string }[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const ran: string[] = [];
    await stopInOrder(logger, [
      ["consumer", async () => void ran.push("consumer")],
      [
        "redis",
        () => {
          ran.push("redis");
          return Promise.reject(new Error("connection already closed"));
        },
      ],
      ["postgres", async () => void ran.push("postgres")],
    ])();
    expect(ran).toEqual(["consumer", "redis", "postgres"]);
    expect(logged).toEqual([expect.objectContaining({ msg: "shutdown step failed", step: "redis" })]);
  });
});
