import { z } from "zod";

/** Configuration that does not validate: every bad or missing variable is named. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once, at start-up, against the service's schema; fails fast and names each bad field. */
export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n  ${problems.join("\n  ")}`);
}

/** Shared shapes for the variables most services read. */
export const port = z.coerce.number().int().min(1).max(65_535);
export const url = z.string().url();
export const brokers = z
  .string()
  .min(1)
  .transform((value) => value.split(",").map((broker) => broker.trim()));
