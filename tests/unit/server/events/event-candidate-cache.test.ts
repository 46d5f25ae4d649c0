import { describe, expect, it } from "vitest";
import { EventCandidateCache } from "../../../../server/events/event-candidate-cache.js";

const scores = (needId: number) => [{ needId, expertId: 7, score: 0.5 }];

describe("EventCandidateCache", () => {
  it("answers an event's scores only for the version they were scored from", () => {
    const cache = new EventCandidateCache();
    cache.set(1, "v1", scores(1));
    expect(cache.get(1, "v1")).toEqual(scores(1));
    expect(cache.get(1, "v2")).toBeNull();
    expect(cache.get(2, "v1")).toBeNull();
    cache.set(1, "v2", scores(3));
    expect(cache.get(1, "v1")).toBeNull();
    expect(cache.get(1, "v2")).toEqual(scores(3));
  });

  it("drops the least recently used event beyond its capacity", () => {
    const cache = new EventCandidateCache(2);
    cache.set(1, "v", scores(1));
    cache.set(2, "v", scores(2));
    expect(cache.get(1, "v")).not.toBeNull(); // event 1 is now the most recent
    cache.set(3, "v", scores(3));
    expect(cache.get(2, "v")).toBeNull();
    expect(cache.get(1, "v")).toEqual(scores(1));
    expect(cache.get(3, "v")).toEqual(scores(3));
  });
});
