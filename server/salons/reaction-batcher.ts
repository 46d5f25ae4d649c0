import type { ReactionKind } from "./salon.types.js";

type Counts = Partial<Record<ReactionKind, number>>;

/**
 * Reactions come in floods (a room applauding); each would otherwise be an event and a
 * broadcast. They are counted per salon and flushed as one event per interval. A client's
 * retry is recognised by its clientMutationId for as long as ids are remembered.
 */
export class ReactionBatcher {
  private pending = new Map<number, Counts>();
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flush: (salonId: number, counts: Counts) => Promise<void>,
    private readonly options: { intervalMs: number; now: () => number; onError: (error: unknown) => void },
  ) {}

  /** Adds one reaction; answers false when this (user, clientMutationId) was already counted. */
  add(salonId: number, userId: number, clientMutationId: string, kind: ReactionKind): boolean {
    const key = `${salonId}:${userId}:${clientMutationId}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, this.options.now());
    const counts = this.pending.get(salonId) ?? {};
    counts[kind] = (counts[kind] ?? 0) + 1;
    this.pending.set(salonId, counts);
    this.timer ??= setTimeout(() => void this.flushNow(), this.options.intervalMs);
    return true;
  }

  /** Sends every pending batch now (also on shutdown). */
  async flushNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = this.pending;
    this.pending = new Map();
    this.forgetOldIds();
    for (const [salonId, counts] of batches) {
      try {
        await this.flush(salonId, counts);
      } catch (error) {
        this.options.onError(error);
      }
    }
  }

  private forgetOldIds(): void {
    const horizon = this.options.now() - 60_000;
    for (const [key, at] of this.seen) {
      if (at >= horizon) break; // insertion order is time order
      this.seen.delete(key);
    }
  }
}
