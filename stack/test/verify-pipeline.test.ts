import { describe, expect, it } from "vitest";
import { SUBSCRIPTIONS } from "@firebreak/platform";
import { describePipelineHealth, readPipelineHealth } from "../src/verify/pipeline-health.js";

describe("verify reports the pipeline's dead letters and replication slots", () => {
  it("When the stack runs, then every outbox slot is active and every consumer group's dead letters are counted", async () => {
    const health = await readPipelineHealth();
    expect(health.slots.map(({ slot, state }) => [slot, state])).toEqual([
      ["firebreak_orders_outbox", "active"],
      ["firebreak_inventory_outbox", "active"],
      ["firebreak_payments_outbox", "active"],
    ]);
    expect(health.deadLetters.map(({ group }) => group)).toEqual(Object.keys(SUBSCRIPTIONS));
    for (const { count, reasons } of health.deadLetters) {
      expect(Object.values(reasons).reduce((sum, n) => sum + n, 0)).toBe(count);
    }
  });

  it("When a slot is gone or a group set events aside, then the report says so, the commonest reasons first", () => {
    const lines = describePipelineHealth({
      deadLetters: [
        { group: "orders", count: 0, reasons: {} },
        { group: "inventory", count: 4, reasons: { "value is not JSON": 1, "OrderPlaced payload: invalid": 3 } },
      ],
      slots: [
        { slot: "firebreak_orders_outbox", active: true, lagBytes: 56, state: "active" },
        { slot: "firebreak_payments_outbox", active: false, lagBytes: 0, state: "missing" },
      ],
    });
    expect(lines.join("\n")).toMatch(/orders\.dlq\s+empty/);
    expect(lines.join("\n")).toMatch(
      /inventory\.dlq\s+4 dead letters \(3× OrderPlaced payload: invalid; 1× value is not JSON\)/,
    );
    expect(lines.join("\n")).toMatch(/firebreak_orders_outbox\s+active, 56 bytes behind/);
    expect(lines.join("\n")).toMatch(/firebreak_payments_outbox\s+missing/);
  });
});
