import { configDefaults, defineConfig } from "vitest/config";

/**
 * Tests that assert latency (event-loop stalls, /healthz p99 under floods) run after the rest,
 * one file at a time: beside other test files on a 2-core machine they would measure the
 * neighbours, not the server.
 */
const timingTests = [
  "tests/integration/matching-engine.test.ts",
  "tests/integration/abuse-limits.test.ts",
  "tests/integration/import-live.test.ts",
];

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...timingTests],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: "timing", include: timingTests, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
