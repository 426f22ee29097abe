import { describe, expect, it } from "vitest";
import { decodeEvent, PoisonEvent } from "../src/event.js";

const message = (headers: Record<string, string | null>, value: string | null) =>
  ({
    key: Buffer.from("agg-1"),
    value: value === null ? null : Buffer.from(value),
    headers,
    offset: "0",
    timestamp: "1764849600123",
  }) as never;

describe("decoding an outbox event", () => {
  it("When Debezium writes a null traceparent header, then the event decodes without one, stamped with the record's time", () => {
    const event = decodeEvent(
      "firebreak.order",
      message({ id: "e1", type: "OrderPlaced", traceparent: null }, '{"a":1}'),
    );
    expect(event).toEqual({
      id: "e1",
      type: "OrderPlaced",
      topic: "firebreak.order",
      aggregateId: "agg-1",
      payload: { a: 1 },
      occurredMs: 1764849600123,
    });
  });

  it("When the id or type header or the value is missing, then it is a poison event naming what is missing", () => {
    expect(() => decodeEvent("t", message({ type: "X" }, "{}"))).toThrow(new PoisonEvent("missing header 'id'"));
    expect(() => decodeEvent("t", message({ id: "e" }, "{}"))).toThrow("missing header 'type'");
    expect(() => decodeEvent("t", message({ id: "e", type: "X" }, null))).toThrow("empty value");
  });
});
