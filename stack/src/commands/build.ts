import { buildServices } from "../native/build-services.js";
import { step } from "../util/progress.js";

/** firebreak build: every service compiled into its dist/ directory, as `up` does before it starts them. */
export async function build(): Promise<number> {
  const modules = await step("build", "compile the services", () => buildServices());
  process.stdout.write(`${modules} modules in services/*/dist\n`);
  return 0;
}
