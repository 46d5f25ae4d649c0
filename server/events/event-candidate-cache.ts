import type { ScoredCandidate } from "./event-problem.js";

/** Events whose scores are kept: the ones being assigned now (scores of 30,000 pairs are about a megabyte). */
const defaultCapacity = 8;

/**
 * Each event's last scored candidates, with the version of the scoring's inputs (the matching
 * model, the registered needs' text, exclusions and conflicts, the registered experts). A run
 * whose inputs have the same version reuses them instead of asking the engine again: organizers
 * re-run after changing a demand, a load, a quota, a lock or a preference, none of which the
 * engine's scores depend on. The least recently used event is dropped first.
 */
export class EventCandidateCache {
  private readonly entries = new Map<number, { version: string; candidates: readonly ScoredCandidate[] }>();

  constructor(private readonly capacity = defaultCapacity) {}

  /** The event's candidates when they were scored from inputs of this version, else null. */
  get(eventId: number, version: string): readonly ScoredCandidate[] | null {
    const entry = this.entries.get(eventId);
    if (!entry || entry.version !== version) return null;
    this.entries.delete(eventId);
    this.entries.set(eventId, entry);
    return entry.candidates;
  }

  set(eventId: number, version: string, candidates: readonly ScoredCandidate[]): void {
    this.entries.delete(eventId);
    this.entries.set(eventId, { version, candidates });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }
}
