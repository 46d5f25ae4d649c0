import type { RefillCandidate } from "../../matching/index.js";

/** Scores pairs with the matching engine (curation and declared conflicts applied). */
export interface EventPairScorer {
  /** The best of `expertIds` for the need, best first, at most `top`; conflicted experts are left out. */
  expertsAmong(
    needId: number,
    expertIds: readonly number[],
    top: number,
  ): Promise<{ expertId: number; score: number }[]>;
}

/** How the refill names participants: `n<needId>` and `e<expertId>` (meetings carry these ids). */
export const needKey = (needId: number) => `n${needId}`;
export const expertKey = (expertId: number) => `e${expertId}`;

export function parseKey(key: string): { needId: number } | { expertId: number } {
  const id = Number(key.slice(1));
  return key.startsWith("n") ? { needId: id } : { expertId: id };
}

/** Candidates kept per need: a refill looks at a stranded participant's best few only. */
const candidatesPerNeed = 40;
/** Needs ranked at once (each is a request to the engine's worker). */
const rankingConcurrency = 4;

export type CandidateLists = ReadonlyMap<string, readonly RefillCandidate[]>;

/**
 * Each participant's scored counterparts within one event, best first: every need's best
 * experts among the event's experts, and (inverted) every expert's needs. Ranking all needs
 * takes a while at thousands of participants, so it is done once per event, when the live day
 * starts (or on the first refill after a restart), and kept in memory: the participants do not
 * change on the day.
 */
export class EventCandidates {
  private readonly cache = new Map<number, Promise<CandidateLists>>();

  constructor(private readonly scorer: EventPairScorer) {}

  /** The event's lists; `sides` (the event's needs and experts) is read only when they are not ranked yet. */
  forEvent(
    eventId: number,
    sides: () => Promise<{ needIds: readonly number[]; expertIds: readonly number[] }>,
  ): Promise<CandidateLists> {
    let lists = this.cache.get(eventId);
    if (!lists) {
      lists = sides().then((read) => this.rank(read));
      this.cache.set(eventId, lists);
      // A failed ranking is tried again on the next request rather than remembered.
      lists.catch(() => this.cache.delete(eventId));
    }
    return lists;
  }

  forget(eventId: number): void {
    this.cache.delete(eventId);
  }

  private async rank(sides: { needIds: readonly number[]; expertIds: readonly number[] }): Promise<CandidateLists> {
    const lists = new Map<string, RefillCandidate[]>();
    const queue = [...sides.needIds];
    const worker = async () => {
      for (let needId = queue.shift(); needId !== undefined; needId = queue.shift()) {
        const ranked = await this.scorer.expertsAmong(needId, sides.expertIds, candidatesPerNeed);
        lists.set(
          needKey(needId),
          ranked.map((r) => ({ partner: expertKey(r.expertId), score: r.score })),
        );
        for (const r of ranked) {
          const list = lists.get(expertKey(r.expertId)) ?? [];
          list.push({ partner: needKey(needId), score: r.score });
          lists.set(expertKey(r.expertId), list);
        }
      }
    };
    await Promise.all(Array.from({ length: rankingConcurrency }, worker));
    for (const [key, list] of lists) if (key.startsWith("e")) list.sort((a, b) => b.score - a.score);
    return lists;
  }
}
