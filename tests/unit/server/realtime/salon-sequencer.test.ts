import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../../server/logger.js";
import { SalonSequencer } from "../../../../server/realtime/salon-sequencer.js";
import type { SalonEvent } from "../../../../server/salons/salon.types.js";

const salonId = 7;

function event(seq: number): SalonEvent {
  return {
    salonId,
    seq,
    type: "chat.sent",
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    actor: { userId: 1, name: "甲" },
    subjectUserId: null,
    payload: { userId: 1, name: "甲", text: `第 ${seq} 条` },
  } as SalonEvent;
}

/** A sequencer over a log of `logged` events, recording what it delivers. */
function setup(logged: number, options: { listening?: boolean } = {}) {
  const log = Array.from({ length: logged }, (_, i) => event(i + 1));
  const delivered: number[][] = [];
  const reads: number[] = [];
  let listening = options.listening ?? true;
  const sequencer = new SalonSequencer({
    emit: (_salonId, events) => delivered.push(events.map((e) => e.seq)),
    hasListeners: () => listening,
    eventsAfter: async (_salonId, afterSeq) => {
      reads.push(afterSeq);
      return log.filter((e) => e.seq > afterSeq);
    },
    lastSeq: async () => log.length,
    logger: createLogger("silent"),
    gapWaitMs: 100,
  });
  return {
    sequencer,
    delivered,
    reads,
    log,
    seqs: () => delivered.flat(),
    setListening: (value: boolean) => (listening = value),
  };
}

describe("SalonSequencer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("passes events that arrive in order straight through, synchronously", () => {
    const { sequencer, delivered } = setup(3);
    sequencer.joined(salonId, 0);
    sequencer.receive(salonId, [event(1), event(2)]);
    sequencer.receive(salonId, [event(3)]);
    expect(delivered).toEqual([[1, 2], [3]]);
  });

  it("holds an early event until the one before it arrives, and delivers each event once", () => {
    vi.useFakeTimers();
    const { sequencer, seqs, reads } = setup(4);
    sequencer.joined(salonId, 1);
    sequencer.receive(salonId, [event(3)]);
    expect(seqs()).toEqual([]);
    sequencer.receive(salonId, [event(2)]);
    sequencer.receive(salonId, [event(2), event(3)]); // a duplicate changes nothing
    sequencer.receive(salonId, [event(4)]);
    expect(seqs()).toEqual([2, 3, 4]);
    vi.advanceTimersByTime(500);
    expect(reads).toEqual([]);
  });

  it("reads what never arrived from the log once the wait is over", async () => {
    vi.useFakeTimers();
    const { sequencer, seqs, reads } = setup(5);
    sequencer.joined(salonId, 1);
    sequencer.receive(salonId, [event(4)]);
    sequencer.receive(salonId, [event(5)]);
    await vi.advanceTimersByTimeAsync(99);
    expect(seqs()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(reads).toEqual([1]);
    expect(seqs()).toEqual([2, 3, 4, 5]);
    sequencer.receive(salonId, [event(2), event(3)]); // the late originals are dropped
    expect(seqs()).toEqual([2, 3, 4, 5]);
  });

  it("catches up from the log when nothing later revealed the gap", async () => {
    const { sequencer, seqs, log } = setup(2);
    sequencer.joined(salonId, 2);
    log.push(event(3), event(4)); // committed by a node that died before sending them
    await sequencer.catchUp();
    expect(seqs()).toEqual([3, 4]);
    await sequencer.catchUp();
    expect(seqs()).toEqual([3, 4]);
  });

  it("keeps nothing for a salon without sockets on this node", async () => {
    vi.useFakeTimers();
    const { sequencer, seqs, reads, setListening } = setup(6, { listening: false });
    sequencer.receive(salonId, [event(5)]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seqs()).toEqual([]);
    expect(reads).toEqual([]);
    setListening(true);
    sequencer.receive(salonId, [event(6)]); // the first event seen starts the sequence
    expect(seqs()).toEqual([6]);
  });
});
