import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ".firebreak/**"],
    // The stack tests start and stop one shared native stack, so test files run one at a time.
    fileParallelism: false,
    globalSetup: ["stack/test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    reporters: ["default"],
  },
});
