import { describe, expect, it } from "vitest";
import { PollingLoop } from "../../../../server/shared/polling-loop.js";

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
});
