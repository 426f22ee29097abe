import { z, ZodError } from "zod";

/**
 * An identifier a client sends (a customer, product or idempotency key): printable ASCII without
 * spaces. A control character, a NUL above all, would otherwise reach PostgreSQL, which refuses it
 * in text with an error that is not the client's to read; here it is a 400 naming the field.
 */
export const identifier = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[\x21-\x7e]*$/, "only printable ASCII, no spaces or control characters");

/**
 * A header parameter parsed with `schema`. Its refusal names the header, as a body field's names the
 * field: parsed alone, a header's issue would have no path and be reported against the body.
 */
export function headerParam<T extends z.ZodType>(name: string, schema: T, value: string | undefined): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ZodError(result.error.issues.map((issue) => ({ ...issue, path: [name, ...issue.path] })));
}
