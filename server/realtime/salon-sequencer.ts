import type { Logger } from "../logger.js";
import type { SalonEvent } from "../salons/salon.types.js";

export interface SalonSequencerDeps {
  /** Delivers events, in seq order without gaps, to this node's sockets in the salon. */
  emit(salonId: number, events: readonly SalonEvent[]): void;
  /** Whether any socket on this node is in the salon's room (nothing to deliver otherwise). */
  hasListeners(salonId: number): boolean;
  /** Committed events after `afterSeq`, from the log. */
  eventsAfter(salonId: number, afterSeq: number): Promise<SalonEvent[]>;
  /** The log's last seq. */
  lastSeq(salonId: number): Promise<number | null>;
  logger: Logger;
  /** How long an event that arrived early waits for the ones before it before they are read from the log. */
  gapWaitMs?: number;
}

interface Track {
  /** The seq this node's sockets get next. */
  next: number;
  early: Map<number, SalonEvent>;
  timer: NodeJS.Timeout | null;
}

/**
 * Hands each salon's events to this node's sockets in seq order, each once. In one process
 * events arrive in order from the service and pass straight through. With several nodes,
 * each node's commits reach the others over Redis on that node's schedule, so seq 17 from
 * one node may arrive before seq 16 from another (which may even have died between commit
 * and send). An event that arrives early is held; if the ones before it do not follow
 * within `gapWaitMs`, they are read from the log, which has them: every event is
 * committed before it is sent.
 */
export class SalonSequencer {
  private readonly tracks = new Map<number, Track>();
  private readonly gapWaitMs: number;

  constructor(private readonly deps: SalonSequencerDeps) {
    this.gapWaitMs = deps.gapWaitMs ?? 150;
  }

  /** Committed events, from this node's service or another node. */
  receive(salonId: number, events: readonly SalonEvent[]): void {
    if (events.length === 0) return;
    if (!this.deps.hasListeners(salonId)) {
      this.forget(salonId);
      return;
    }
    const track = this.track(salonId, events[0]!.seq);
    for (const event of events) if (event.seq >= track.next) track.early.set(event.seq, event);
    this.drain(salonId, track);
  }

  /** A socket here joined the salon with its state as of `seq`: later events are what it needs. */
  joined(salonId: number, seq: number): void {
    this.track(salonId, seq + 1);
  }

  /**
   * Delivers whatever the log holds beyond what this node delivered, for every salon with
   * sockets here: covers a message lost while Redis was away, or a node that died between
   * commit and send with nothing committed after it to reveal the gap.
   */
  async catchUp(): Promise<void> {
    for (const [salonId, track] of [...this.tracks]) {
      if (!this.deps.hasListeners(salonId)) {
        this.forget(salonId);
        continue;
      }
      const last = await this.deps.lastSeq(salonId);
      if (last !== null && last >= track.next && !track.timer) await this.fill(salonId);
    }
  }

  close(): void {
    for (const salonId of [...this.tracks.keys()]) this.forget(salonId);
  }

  private track(salonId: number, next: number): Track {
    let track = this.tracks.get(salonId);
    if (!track) {
      track = { next, early: new Map(), timer: null };
      this.tracks.set(salonId, track);
    }
    return track;
  }

  private forget(salonId: number): void {
    const track = this.tracks.get(salonId);
    if (track?.timer) clearTimeout(track.timer);
    this.tracks.delete(salonId);
  }

  private drain(salonId: number, track: Track): void {
    const ready: SalonEvent[] = [];
    for (let event = track.early.get(track.next); event; event = track.early.get(track.next)) {
      ready.push(event);
      track.early.delete(track.next);
      track.next += 1;
    }
    if (ready.length > 0) this.deps.emit(salonId, ready);
    if (track.early.size === 0) {
      if (track.timer) clearTimeout(track.timer);
      track.timer = null;
    } else {
      track.timer ??= setTimeout(() => void this.fill(salonId), this.gapWaitMs);
    }
  }

  /** Reads the missing events from the log and delivers them with those held. */
  private async fill(salonId: number): Promise<void> {
    const track = this.tracks.get(salonId);
    if (!track) return;
    track.timer = null;
    try {
      const missing = await this.deps.eventsAfter(salonId, track.next - 1);
      if (this.tracks.get(salonId) !== track) return;
      for (const event of missing) if (event.seq >= track.next) track.early.set(event.seq, event);
    } catch (error) {
      this.deps.logger.error({ err: error, salonId }, "could not read missed salon events from the log");
    }
    this.drain(salonId, track);
  }
}
