import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { PollingJob, PollingLoop } from "../../../../server/shared/polling-loop.js";

/** A job whose first run fails; it records when each run started. */
class FlakyJob extends PollingJob {
  readonly runs: number[] = [];

  async runOnce(): Promise<number> {
    this.runs.push(Date.now());
    if (this.runs.length === 1) throw new Error("the first run fails");
    return this.runs.length;
  }
}

describe("polling loop", () => {
  it("runs rounds back to back while they ask for no delay, and none after stop()", async () => {
    let rounds = 0;
    const loop = new PollingLoop(async () => {
      rounds += 1;
      return 0;
    });
    loop.start();
    loop.start(); // a second start does not start a second loop
    await new Promise((resolve) => setTimeout(resolve, 50));
    await loop.stop();
    const stoppedAt = rounds;
    expect(stoppedAt).toBeGreaterThan(3);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rounds).toBe(stoppedAt);
  });

  it("waits the delay a round returns, and stop() waits for the round in progress", async () => {
    const starts: number[] = [];
    let finished = 0;
    const loop = new PollingLoop(async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 40));
      finished += 1;
      return 60;
    });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await loop.stop();
    expect(finished).toBe(1);

    const spaced = new PollingLoop(async () => {
      starts.push(Date.now());
      return 60;
    });
    starts.length = 0;
    spaced.start();
    // Timers only promise a lower bound: wait for the second round, however late it comes.
    while (starts.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await spaced.stop();
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(55);
  });

  it("waits the first delay it is started with before the first round", async () => {
    let firstRoundAt = 0;
    const loop = new PollingLoop(async () => {
      firstRoundAt ||= Date.now();
      return 1000;
    });
    const startedAt = Date.now();
    loop.start(80);
    while (firstRoundAt === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await loop.stop();
    expect(firstRoundAt - startedAt).toBeGreaterThanOrEqual(75);
  });
});

describe("polling job", () => {
  it("logs a failed round under the job's name, then goes on every pollMs", async () => {
    const lines: { msg: string; err?: { message: string } }[] = [];
    const logger = pino({ base: undefined }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const job = new FlakyJob({ name: "the flaky job", pollMs: 40, logger });
    job.start();
    // Timers only promise a lower bound: wait for the third run, however late it comes.
    while (job.runs.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    await job.stop();
    expect(lines).toEqual([expect.objectContaining({ msg: "the flaky job failed a round" })]);
    expect(lines[0]!.err?.message).toBe("the first run fails");
    expect(job.runs[1]! - job.runs[0]!).toBeGreaterThanOrEqual(35);
    expect(job.runs[2]! - job.runs[1]!).toBeGreaterThanOrEqual(35);
    const stoppedAt = job.runs.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(job.runs.length).toBe(stoppedAt);
  });
});
