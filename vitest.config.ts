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
  "tests/integration/backup-event-loop.test.ts",
];

/**
 * Two workers, each reusing its module graph across the files it runs (`isolate: false`): a file
 * imports the whole service (about 2 s of module loading) and most of a file's time is spent
 * waiting on sockets, SQLite and the browser, so on the 2-core CI machine one isolated worker
 * left a core idle and spent a third of the run importing (665 s; 366 s this way, measured on
 * the same machine). Modules hold only caches of fixed data (the dictionaries, lazy singletons);
 * each test file builds its own app, database and ports.
 */
export default defineConfig({
  test: {
    maxWorkers: 2,
    isolate: false,
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
        // Each in a fresh process: a heap grown by earlier files would put its GC pauses into their figures.
        test: {
          name: "timing",
          include: timingTests,
          isolate: true,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
