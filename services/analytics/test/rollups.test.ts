import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { applySchema, insertEvents, toRow } from "../src/events-store.js";
import { clickhouse, query, waitFor } from "./helpers.js";

beforeAll(() => applySchema(clickhouse));

/** A minute of 2001 that no other run is likely to pick: reads of recent windows never see it. */
function pastMinuteMs(): number {
  return Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 31 * 24 * 60) * 60_000;
}
const atMinute = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
const landed = (type: string, aggregateId: string, occurredMs: number, payload: object, id: string = randomUUID()) =>
  toRow({ id, type, aggregateId, topic: "analytics-test", occurredMs, payload }, occurredMs + 400);

describe("the read side's roll-ups", () => {
  it("When decisions land with their order's placement time, then each minute counts an order once and times it from placement", async () => {
    const minute = pastMinuteMs();
    const [fast, slow, rejected] = [randomUUID(), randomUUID(), randomUUID()];
    const fastDecision = landed("PaymentAuthorized", fast, minute + 5_000, { placedAtMs: minute + 4_900 });
    await insertEvents(clickhouse, [
      fastDecision,
      // The same decision delivered again, as after a sink crash.
      { ...fastDecision, ingested_ms: fastDecision.ingested_ms + 30_000 },
      landed("PaymentAuthorized", slow, minute + 9_000, { placedAtMs: minute + 6_000 }),
      landed("StockRejected", rejected, minute + 1_000, { placedAtMs: minute + 800 }),
      // Neither a decision without its placement time nor any other event type is a saga outcome.
      landed("PaymentDeclined", randomUUID(), minute + 2_000, {}),
      landed("StockReserved", randomUUID(), minute + 2_000, { placedAtMs: minute }),
    ]);

    const outcomes = await query<{ outcome: string; orders: string; duration: number[] }>(
      `SELECT outcome, uniqExactMerge(orders) AS orders, quantilesTDigestMerge(0.5, 0.99)(duration) AS duration
         FROM firebreak.sagas_by_minute_buffer WHERE minute = '${atMinute(minute)}' GROUP BY outcome ORDER BY outcome`,
    );
    expect(outcomes.map(({ outcome, orders }) => [outcome, Number(orders)])).toEqual([
      ["PaymentAuthorized", 2],
      ["StockRejected", 1],
    ]);
    const authorized = outcomes[0]!.duration;
    expect(authorized[0]).toBeGreaterThanOrEqual(100);
    expect(authorized[1]).toBeLessThanOrEqual(3_000);
    expect(authorized[1]).toBeGreaterThan(1_000);
    expect(outcomes[1]!.duration).toEqual([200, 200]);
  });

  it("When events land, then their minute of commit counts every landing and its lag", async () => {
    const minute = pastMinuteMs();
    await insertEvents(
      clickhouse,
      Array.from({ length: 50 }, (_, i) => landed("AnalyticsTestEvent", randomUUID(), minute + i * 1_000, {})),
    );
    const [row] = await query<{ events: string; lag: number[] }>(
      `SELECT countMerge(events) AS events, quantilesTDigestMerge(0.5, 0.99)(lag) AS lag
         FROM firebreak.freshness_by_minute_buffer WHERE minute = '${atMinute(minute)}'`,
    );
    expect(Number(row!.events)).toBe(50);
    expect(row!.lag).toEqual([400, 400]);
    // The buffer hands its rows on to the roll-up table itself within its 10 s.
    await waitFor(
      "the buffer to flush",
      async () => {
        const [flushed] = await query<{ events: string }>(
          `SELECT countMerge(events) AS events FROM firebreak.freshness_by_minute WHERE minute = '${atMinute(minute)}'`,
        );
        return Number(flushed?.events) === 50;
      },
      20_000,
    );
  });
});
