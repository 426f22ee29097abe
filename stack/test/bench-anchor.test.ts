import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ANCHORS, parsePgbenchOutput } from "../src/bench/pgbench.js";

const OUTPUT = `pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: saga.sql
query mode: prepared
number of clients: 8
number of threads: 2
duration: 5 s
number of transactions actually processed: 1112
number of failed transactions: 0 (0.000%)
latency average = 35.862 ms
initial connection time = 69.595 ms
tps = 223.080306 (without initial connection time)
`;

describe("The pgbench anchors", () => {
  it("When pgbench reports, then its transactions, tps and latency are read; without a tps, nothing is", () => {
    expect(parsePgbenchOutput(OUTPUT)).toEqual({
      transactions: 1112,
      transactionsPerSecond: 223.080306,
      latencyAverageMs: 35.862,
    });
    expect(parsePgbenchOutput("pgbench: error: connection refused")).toBeUndefined();
  });

  it("When the saga script is read, then it commits the five steps of one order, each with its inbox claim", () => {
    const sql = readFileSync(ANCHORS.saga, "utf8")
      .split("\n")
      .filter((line) => !line.startsWith("--"))
      .join("\n");
    expect(sql.match(/^BEGIN;$/gm)).toHaveLength(5);
    expect(sql.match(/^COMMIT;$/gm)).toHaveLength(5);
    expect(sql.match(/INSERT INTO \w+\.inbox/g)).toHaveLength(4);
    expect(sql.match(/INSERT INTO \w+\.outbox/g)).toHaveLength(3);
    for (const table of ["public.orders", "public.idempotency_keys", "inventory.reservations", "payments.payments"]) {
      expect(sql).toContain(table);
    }
    expect(sql).toContain("FOR UPDATE");
  });
});
