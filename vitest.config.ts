import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Tests of pure logic, files and the CLI's argument checks: no store, broker or process of the
 * stack behind them, so they run without it (`npm run test:unit`). The compose checks read files and
 * run the secrets one-shot's script into temporary folders.
 */
const UNIT = [
  "loadtests/test/profiles.test.ts",
  "services/analytics/test/rejections.test.ts",
  "services/orders/test/orders-schema.test.ts",
  "services/payments/test/circuit-breaker.test.ts",
  "services/platform/test/client-sampler.test.ts",
  "services/platform/test/event.test.ts",
  "services/platform/test/kafka-request-queue.test.ts",
  "services/platform/test/log-errors.test.ts",
  "services/platform/test/poll.test.ts",
  "services/platform/test/stop-in-order.test.ts",
  "services/platform/test/verified-tokens.test.ts",
  "stack/test/bench-anchor.test.ts",
  "stack/test/capacity-plan.test.ts",
  "stack/test/chaos-alert-episodes.test.ts",
  "stack/test/chaos-experiments.test.ts",
  "stack/test/chaos-history.test.ts",
  "stack/test/chaos-report.test.ts",
  "stack/test/cli-conventions.test.ts",
  "stack/test/cli.test.ts",
  "stack/test/docker-compose-secrets.test.ts",
  "stack/test/docker-compose.test.ts",
  "stack/test/doctor.test.ts",
  "stack/test/duration.test.ts",
  "stack/test/gameday-reveal.test.ts",
  "stack/test/generated-files.test.ts",
  "stack/test/http-once.test.ts",
  "stack/test/import-rules.test.ts",
  "stack/test/kafka-cluster.test.ts",
  "stack/test/probe-token.test.ts",
  "stack/test/readme.test.ts",
  "stack/test/stack-definition.test.ts",
  "stack/test/telemetry-names.test.ts",
  "stack/test/verify-checks.test.ts",
];

const EXCLUDE = ["**/node_modules/**", ".firebreak/**"];

/**
 * The whole platform under test: saga, tracing, faults, alerting, chaos, load, the dashboards in a
 * browser. Everything else that is neither unit nor e2e is an integration test: one service, or one
 * part of the stack, against the real stores and components it talks to.
 */
const E2E = "stack/test/e2e/**/*.test.ts";

/**
 * Integration and e2e tests share one native stack, brought up once (`up` finds it running the second
 * time) and down after the last file; their files run one at a time, and the e2e tier after the other.
 */
const ON_THE_STACK = { fileParallelism: false, globalSetup: ["stack/test/global-setup.ts"] };

export default defineConfig({
  test: {
    exclude: EXCLUDE,
    testTimeout: 60_000,
    hookTimeout: 600_000,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: UNIT,
          // The slow files wait on CLI processes they spawn, so even two cores take two files at once
          // (vitest's own default here was one worker at a time).
          maxWorkers: Math.max(2, availableParallelism()),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/test/**/*.test.ts"],
          exclude: [...EXCLUDE, ...UNIT, E2E],
          ...ON_THE_STACK,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: "e2e", include: [E2E], ...ON_THE_STACK, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
