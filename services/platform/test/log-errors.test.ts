import { describe, expect, it } from "vitest";
import { serializeError } from "../src/logger.js";

describe("errors in log lines", () => {
  it("When a database error carries its client, then the line keeps the error and its code but not the client", () => {
    const error = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
      client: { secretKey: 12345, parsedStatements: { "orders-place": "WITH claimed AS (…)" } },
    });
    const line = serializeError(error);
    expect(line).toMatchObject({ type: "Error", message: error.message, code: "57P01" });
    expect(line.stack).toContain("terminating connection");
    expect(JSON.stringify(line)).not.toMatch(/secretKey|parsedStatements|client/);
  });

  it("When something other than an Error is thrown, then its text is the message", () => {
    expect(serializeError("boom")).toEqual({ message: "boom" });
  });
});
