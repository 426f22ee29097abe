import { describe, expect, it } from "vitest";
import { serializeError } from "../src/logger.js";

describe("errors in log lines", () => {
  it("When a database error carries its client, then the line keeps the error and its code but not the client", () => {
    const error = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
      client: { secretKey: 12345, parsedStatements: { "orders-place": "WITH claimed AS (…)" } },
    });
    const line = serializeError(error) as Record<string, unknown>;
    expect(line).toMatchObject({ type: "Error", message: error.message, code: "57P01" });
    expect(line.stack).toContain("terminating connection");
    expect(JSON.stringify(line)).not.toMatch(/secretKey|parsedStatements|client/);
  });

  it("When errors nest (an AggregateError of database errors), then no level keeps a client", () => {
    const inner = Object.assign(new Error("connection refused"), { client: { secretKey: 1 } });
    const line = serializeError(new AggregateError([inner], "every attempt failed"));
    expect(JSON.stringify(line)).toContain("connection refused");
    expect(JSON.stringify(line)).not.toContain("secretKey");
  });

  it("When what is logged under err is not an Error, then it is logged as it is", () => {
    expect(serializeError({ code: "X" })).toEqual({ code: "X" });
    expect(serializeError("boom")).toBe("boom");
  });
});
