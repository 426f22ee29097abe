/**
 * ClickHouse's error codes for rows it cannot parse or store (CANNOT_PARSE_TEXT, …_INPUT_ASSERTION_FAILED,
 * …_DATE, …_DATETIME, …_NUMBER, TYPE_MISMATCH, CANNOT_CONVERT_TYPE, INCORRECT_DATA,
 * VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE and their kin): inserting the same rows again can only fail again.
 * Everything else (no answer, a timeout, too many parts, memory) may pass on a retry.
 */
const ROWS_REJECTED = new Set([6, 25, 26, 27, 32, 38, 41, 53, 69, 70, 72, 117, 131, 321]);

/**
 * ClickHouse's message when an error says that it rejected the rows themselves, else undefined.
 * ClickHouse 18.16 starts its messages "Code: 27, e.displayText() = …"; newer servers "Code: 27. …",
 * which the client may have parsed into a `code` already.
 */
export function rejectionOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code ?? /^Code: (\d+)/.exec(error.message)?.[1];
  return ROWS_REJECTED.has(Number(code)) ? error.message : undefined;
}
