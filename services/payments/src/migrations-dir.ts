import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** This service's SQL migrations, beside this module in src/ and in the compiled dist/ alike. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");
