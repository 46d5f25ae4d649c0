/** A teardown step still running after this is reported by name, so a hook that times out says why. */
const slowStepMs = 10_000;

/**
 * Runs a suite's teardown steps in order, each named: a step still running after 10 s is
 * reported on stderr (the hook's own timeout names no step). Every step runs even if one
 * fails; the first failure is thrown at the end.
 */
export async function tearDown(steps: [string, () => Promise<unknown> | undefined][]): Promise<void> {
  let failed = false;
  let firstError: unknown;
  for (const [step, run] of steps) {
    const started = performance.now();
    const slow = setInterval(
      () =>
        console.warn(`teardown: still waiting for ${step} after ${Math.round((performance.now() - started) / 1000)} s`),
      slowStepMs,
    );
    try {
      await run();
    } catch (error) {
      if (!failed) firstError = error;
      failed = true;
    } finally {
      clearInterval(slow);
    }
  }
  if (failed) throw firstError;
}
