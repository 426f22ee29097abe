import { createHook } from "node:async_hooks";
import { sleep } from "../src/index.js";
import { describe, expect, it } from "vitest";
import { freshTopic, kafka } from "./fixtures.js";

describe("the platform's Kafka client against the real broker", () => {
  it("When a producer has sent and then waits, then its connections arm no timers (kafkajs alone armed one a millisecond)", async () => {
    const topic = await freshTopic(1);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: "one" }] });
      let timers = 0;
      const hook = createHook({
        init(_id, type) {
          if (type === "Timeout") timers += 1;
        },
      }).enable();
      await sleep(500);
      hook.disable();
      expect(timers).toBeLessThan(25);
    } finally {
      await producer.disconnect();
    }
  });
});
