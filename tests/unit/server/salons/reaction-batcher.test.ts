import { afterEach, describe, expect, it, vi } from "vitest";
import { ReactionBatcher } from "../../../../server/salons/reaction-batcher.js";

describe("ReactionBatcher", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("flushes one batch per salon per interval and counts a retried reaction once", async () => {
    vi.useFakeTimers();
    const flushed: [number, unknown][] = [];
    const batcher = new ReactionBatcher(
      async (salonId, counts) => {
        flushed.push([salonId, counts]);
      },
      {
        intervalMs: 1000,
        now: () => Date.now(),
        onError: (error) => {
          throw error;
        },
      },
    );
    expect(batcher.add(1, 10, "m1", "clap")).toBe(true);
    expect(batcher.add(1, 10, "m1", "clap")).toBe(false);
    batcher.add(1, 11, "m1", "clap");
    batcher.add(1, 11, "m2", "wow");
    batcher.add(2, 10, "m3", "like");
    await vi.advanceTimersByTimeAsync(999);
    expect(flushed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(flushed).toEqual([
      [1, { clap: 2, wow: 1 }],
      [2, { like: 1 }],
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(flushed).toHaveLength(2);
  });
});
