import type { Reporter, SerializedError, TestCase, TestModule } from "vitest/node";

/** Whether a test never ran because a hook or the collection of its suite or file failed. */
function blockedByFailure(test: TestCase): boolean {
  for (let parent = test.parent; ; parent = parent.parent) {
    if (parent.errors().length > 0) return true;
    if (parent.type === "module") return false;
  }
}

/**
 * Prints one plain closing line ("tests: N passed, N failed, N skipped") that CI can read. A test
 * that did not run because its suite's setup failed counts as failed, not skipped (vitest marks
 * it skipped), and errors outside any test are reported after the counts.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed += 1;
        else if (state === "failed" || blockedByFailure(test)) counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    const unhandled = unhandledErrors.length > 0 ? `, ${unhandledErrors.length} unhandled errors` : "";
    console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${unhandled}`);
  }
}
