import { z } from "zod";

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
