import { describe, expect, it } from "vitest";
import { rejectionOf } from "../src/rejections.js";

describe("which ClickHouse errors reject the rows themselves", () => {
  it("When ClickHouse 18.16 or a newer server cannot parse the rows, then it is a rejection with ClickHouse's message", () => {
    const old = new Error(
      "Code: 27, e.displayText() = DB::Exception: Cannot parse input: expected , before: .5, e.what() = DB::Exception",
    );
    expect(rejectionOf(old)).toBe(old.message);
    const parsed = Object.assign(new Error("Cannot parse input"), {
      code: "27",
      type: "CANNOT_PARSE_INPUT_ASSERTION_FAILED",
    });
    expect(rejectionOf(parsed)).toBe("Cannot parse input");
    expect(rejectionOf(new Error("Code: 321. DB::Exception: Value out of range"))).toBeDefined();
  });

  it("When ClickHouse cannot answer or is only busy, then it is not a rejection: the same rows may land on a retry", () => {
    expect(rejectionOf(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBeUndefined();
    expect(rejectionOf(new Error("Timeout error."))).toBeUndefined();
    expect(rejectionOf(new Error("Code: 252, e.displayText() = DB::Exception: Too many parts"))).toBeUndefined();
    expect(rejectionOf(new Error("Code: 241, e.displayText() = DB::Exception: Memory limit exceeded"))).toBeUndefined();
    expect(rejectionOf("Code: 27")).toBeUndefined();
  });
});
